import { EXECUTABLE_MODE, normalizedMode, type LayerEntry } from './layer-entries.js'

/** A shared library under lib/ (/opt/lib, on LD_LIBRARY_PATH): libfoo.so, libfoo.so.1.2. */
const SHARED_LIBRARY = /^lib\/(?:.+\/)?[^/]+\.so(?:\.\d+)*$/

/**
 * Files that must run whatever their mode on disk (a checkout on Windows, an artifact download
 * or a copy can drop the execute bit): everything under bin/, which is on every runtime's PATH
 * as /opt/bin, bootstrap, a custom runtime's entry point as /opt/bootstrap, and the shared
 * libraries under lib/.
 */
export function isExecutablePath(path: string): boolean {
  return path === 'bootstrap' || path.startsWith('bin/') || SHARED_LIBRARY.test(path)
}

/** The entries with executable paths given mode 0755. */
export function markExecutables(entries: LayerEntry[]): LayerEntry[] {
  return entries.map(entry =>
    entry.type === 'file' && isExecutablePath(entry.path) ? { ...entry, mode: entry.mode | EXECUTABLE_MODE } : entry
  )
}

/** The mode a file, folder or link is stored with in the layer, for a folder's entries and an archive's alike. */
export function layerMode(entry: Pick<LayerEntry, 'path' | 'type' | 'mode'>): number {
  const mode = entry.type === 'file' && isExecutablePath(entry.path) ? entry.mode | EXECUTABLE_MODE : entry.mode
  return normalizedMode({ type: entry.type, mode })
}
