/** What changed in the layer's packages since the version before: pure, manifests in, lists out. */
import type { LayerPackage } from '../package/package-manifest.js'

export interface PackageChange {
  name: string
  folder: string
  from: string
  to: string
}

export interface PackageChanges {
  added: LayerPackage[]
  removed: LayerPackage[]
  changed: PackageChange[]
}

/** Python distribution names compare normalized (PEP 503); other names as they are. */
function normalizedName(item: LayerPackage): string {
  return item.kind === 'python' ? item.name.toLowerCase().replace(/[-_.]+/g, '-') : item.name
}

/** One package per kind, folder and name: a version change keeps the key, a move is a removal and an addition. */
function keyed(packages: LayerPackage[]): Map<string, LayerPackage> {
  return new Map(packages.map(item => [`${item.kind}\u0000${item.folder}\u0000${normalizedName(item)}`, item]))
}

export function comparePackages(before: LayerPackage[], after: LayerPackage[]): PackageChanges {
  const old = keyed(before)
  const now = keyed(after)
  const changes: PackageChanges = { added: [], removed: [], changed: [] }
  for (const [key, item] of now) {
    const previous = old.get(key)
    if (!previous) changes.added.push(item)
    else if (previous.version !== item.version)
      changes.changed.push({ name: item.name, folder: item.folder, from: previous.version, to: item.version })
  }
  for (const [key, item] of old) if (!now.has(key)) changes.removed.push(item)
  return changes
}

export function hasChanges(changes: PackageChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length > 0
}

/** The zip size change, e.g. "4.1 KiB → 4.3 KiB (+212 bytes)", from a byte formatter. */
export function sizeChange(before: number, after: number, format: (bytes: number) => string): string {
  const delta = after - before
  if (delta === 0) return `unchanged (${format(after)})`
  return `${format(before)} → ${format(after)} (${delta > 0 ? '+' : '-'}${Math.abs(delta)} bytes)`
}
