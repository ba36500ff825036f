import { minimatch } from 'minimatch'
import type { LayerEntry } from './layer-entries.js'
import { secretReason } from './secret-files.js'

export interface FilterOptions {
  /** Glob patterns of entries to leave out, matched against paths inside the layer. */
  exclude: string[]
  /** Pack secret-looking files anyway. */
  includeSecrets: boolean
  /** Start of the content of the files that need a content check, by path. */
  heads: Map<string, string>
}

export interface FilteredEntry {
  path: string
  bytes: number
  reason: string
}

export interface FilteredLayer {
  kept: LayerEntry[]
  excluded: FilteredEntry[]
  secrets: FilteredEntry[]
  excludedBytes: number
}

function matchesAny(path: string, type: LayerEntry['type'], patterns: string[]): string | undefined {
  const candidates = type === 'directory' ? [path, `${path}/`] : [path]
  return patterns.find(pattern => candidates.some(candidate => minimatch(candidate, pattern, { dot: true })))
}

function ancestors(path: string): string[] {
  const found: string[] = []
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) found.push(path.slice(0, slash))
  return found
}

/** Adds the folders above path to folders, from the nearest up, stopping at one already there (its own are too). */
function addAncestors(folders: Set<string>, path: string): void {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    const folder = path.slice(0, slash)
    if (folders.has(folder)) return
    folders.add(folder)
  }
}

/**
 * Drops secret files (unless includeSecrets) and entries matching the exclude globs; a folder
 * that is dropped takes its content with it, and folders left empty by the drop go too.
 */
export function filterLayerEntries(entries: LayerEntry[], options: FilterOptions): FilteredLayer {
  const droppedFolders = new Set<string>()
  const excluded: FilteredEntry[] = []
  const secrets: FilteredEntry[] = []
  const survivors: LayerEntry[] = []

  for (const entry of entries) {
    if (droppedFolders.size > 0 && ancestors(entry.path).some(folder => droppedFolders.has(folder))) {
      const owner = secrets.find(secret => entry.path.startsWith(`${secret.path}/`))
      if (!owner) excluded.push({ path: entry.path, bytes: entry.size, reason: 'inside an excluded folder' })
      else owner.bytes += entry.size
      continue
    }
    const secret = options.includeSecrets
      ? undefined
      : secretReason(entry.path, entry.type, options.heads.get(entry.path))
    if (secret) {
      secrets.push({ path: entry.path, bytes: entry.size, reason: secret })
      if (entry.type === 'directory') droppedFolders.add(entry.path)
      continue
    }
    const pattern = matchesAny(entry.path, entry.type, options.exclude)
    if (pattern) {
      excluded.push({ path: entry.path, bytes: entry.size, reason: `matches ${pattern}` })
      if (entry.type === 'directory') droppedFolders.add(entry.path)
      continue
    }
    survivors.push(entry)
  }

  const keptFolders = new Set<string>()
  for (const entry of survivors) if (entry.type !== 'directory') addAncestors(keptFolders, entry.path)
  const hadContent = new Set<string>()
  for (const entry of entries) addAncestors(hadContent, entry.path)
  const kept = survivors.filter(
    entry => entry.type !== 'directory' || keptFolders.has(entry.path) || !hadContent.has(entry.path)
  )
  const excludedBytes = excluded.reduce((total, entry) => total + entry.bytes, 0)
  return { kept, excluded, secrets, excludedBytes }
}
