/** Pure rules for the entries of a layer zip: names, modes and order. */

export type EntryType = 'file' | 'directory' | 'symlink'

export interface LayerEntry {
  /** Path inside the zip, posix separators, no leading slash; directories without trailing slash. */
  path: string
  type: EntryType
  /** Permission bits as found on disk. */
  mode: number
  size: number
  /** Where the bytes come from (files). */
  absolutePath?: string
  /** The link text (symlinks), relative to the link's folder. */
  linkTarget?: string
}

export const FILE_MODE = 0o644
export const EXECUTABLE_MODE = 0o755
export const DIRECTORY_MODE = 0o755
export const SYMLINK_MODE = 0o777

/** 0755 for directories and anything executable by anyone, 0644 for other files, 0777 for links. */
export function normalizedMode(entry: Pick<LayerEntry, 'type' | 'mode'>): number {
  if (entry.type === 'directory') return DIRECTORY_MODE
  if (entry.type === 'symlink') return SYMLINK_MODE
  return (entry.mode & 0o111) !== 0 ? EXECUTABLE_MODE : FILE_MODE
}

/**
 * Orders entries by the bytes of their path, so the order never depends on locale or file system.
 * ASCII paths, nearly always all of them, sort the same by code units, with no encoding; otherwise
 * each path is encoded once, not at every comparison.
 */
export function sortEntries<T extends { path: string }>(entries: T[]): T[] {
  // eslint-disable-next-line no-control-regex
  if (entries.every(entry => /^[\u0000-\u007f]*$/.test(entry.path)))
    return [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const keyed = entries.map(entry => ({ key: Buffer.from(entry.path), entry }))
  return keyed.sort((a, b) => Buffer.compare(a.key, b.key)).map(({ entry }) => entry)
}

/** Why a zip entry name is unsafe to extract into /opt, or undefined when it is safe. */
export function unsafeEntryNameReason(name: string): string | undefined {
  if (name.includes('\\')) return 'contains a backslash'
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path'
  if (name.split('/').includes('..')) return 'climbs out of the layer with ".."'
  if (name.includes('\0')) return 'contains a NUL character'
  return undefined
}

/** True when a relative link, placed at linkPath inside the layer, still points inside it. */
export function linkStaysInside(linkPath: string, linkTarget: string): boolean {
  if (linkTarget.startsWith('/')) return false
  const parts = linkPath.split('/').slice(0, -1)
  for (const part of linkTarget.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (parts.length === 0) return false
      parts.pop()
    } else {
      parts.push(part)
    }
  }
  return true
}
