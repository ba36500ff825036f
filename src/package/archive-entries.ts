import type AdmZip from 'adm-zip'
import { posix } from 'node:path'
import { layerMode } from './executable-paths.js'
import { linkStaysInside, unsafeEntryNameReason, type EntryType } from './layer-entries.js'

/** One entry of an existing zip, as the layer rules see it. */
export interface ArchiveEntry {
  /** Entry name without a trailing slash. */
  path: string
  type: EntryType
  /** Unix permission bits stored in the zip, or undefined when it carries none (made on Windows). */
  mode?: number
  /** The mode the layer gets: the same rule as for a folder (bin/, bootstrap, lib/*.so* 0755, else 0644). */
  layerMode: number
  /** The link text (symlinks). */
  linkTarget?: string
  data(): Buffer
}

/** A mode an entry gets in the layer that differs from what the zip says. */
export interface ModeChange {
  path: string
  /** Stored mode, or undefined when missing. */
  from?: number
  to: number
}

/** A layer rule an entry breaks, and what the archive should hold instead (when it differs from "relative paths"). */
export class ArchiveRuleError extends Error {
  constructor(
    message: string,
    readonly accepted?: string
  ) {
    super(message)
  }
}

const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFDIR = 0o040000
/** "Version made by" host 0: MS-DOS and Windows tools (no Unix modes in the external attributes). */
const MADE_ON_DOS = 0

function entryType(entry: AdmZip.IZipEntry, unixType: number): EntryType {
  if (unixType === S_IFLNK) return 'symlink'
  if (entry.isDirectory || unixType === S_IFDIR) return 'directory'
  return 'file'
}

/** Reads a zip's entries with their types and modes; throws a one-line reason when an entry breaks a layer rule. */
export function archiveEntries(zip: AdmZip): ArchiveEntry[] {
  const entries: ArchiveEntry[] = []
  for (const entry of zip.getEntries()) {
    const reason = unsafeEntryNameReason(entry.entryName)
    if (reason) throw new ArchiveRuleError(`holds an entry "${entry.entryName}" that ${reason}`)
    const unixAttributes = entry.attr >>> 16
    const hasUnixMode = entry.header.made >>> 8 !== MADE_ON_DOS && (unixAttributes & 0o777) !== 0
    const type = entryType(entry, unixAttributes & S_IFMT)
    const path = entry.entryName.replace(/\/+$/, '')
    const mode = hasUnixMode ? unixAttributes & 0o777 : undefined
    entries.push({
      path,
      type,
      mode,
      layerMode: layerMode({ path, type, mode: mode ?? 0 }),
      linkTarget: type === 'symlink' ? entry.getData().toString('utf8') : undefined,
      data: () => entry.getData()
    })
  }
  const problem = linkProblems(entries)[0]
  if (problem) throw new ArchiveRuleError(problem, 'expected links only to other entries of the archive')
  return entries
}

/** Every folder a path lies in, and the path itself. */
function withAncestors(path: string): string[] {
  const parts = path.split('/')
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'))
}

/** Links that leave the layer or point at no entry: the same rule as a folder's, refused for an archive. */
export function linkProblems(entries: ArchiveEntry[]): string[] {
  const present = new Set(entries.flatMap(entry => withAncestors(entry.path)))
  return entries
    .filter(entry => entry.type === 'symlink')
    .flatMap(entry => {
      const target = entry.linkTarget as string
      if (!linkStaysInside(entry.path, target))
        return [`holds a symbolic link "${entry.path}" to "${target}" that points outside the layer`]
      const resolved = posix.normalize(posix.join(posix.dirname(entry.path), target)).replace(/\/+$/, '')
      if (resolved !== '.' && !present.has(resolved))
        return [`holds a symbolic link "${entry.path}" to "${target}" that points at nothing in the archive`]
      return []
    })
}

/** Entries whose layer mode differs from the stored one (or that store none). */
export function modeChanges(entries: ArchiveEntry[]): ModeChange[] {
  return entries
    .filter(entry => entry.mode !== entry.layerMode)
    .map(entry => ({ path: entry.path, from: entry.mode, to: entry.layerMode }))
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0')
}

/** One notice line: which modes were changed and which were missing. */
export function describeModeChanges(changes: ModeChange[], limit = 10): string {
  const missing = changes.filter(change => change.from === undefined)
  const changed = changes.filter(change => change.from !== undefined)
  const parts: string[] = []
  const list = (items: ModeChange[], show: (change: ModeChange) => string): string =>
    items.slice(0, limit).map(show).join(', ') + (items.length > limit ? ` and ${items.length - limit} more` : '')
  if (changed.length > 0)
    parts.push(
      `modes changed for ${changed.length} ${changed.length === 1 ? 'entry' : 'entries'}: ${list(changed, c => `${c.path} ${octal(c.from as number)} → ${octal(c.to)}`)}`
    )
  if (missing.length > 0)
    parts.push(
      `${missing.length} ${missing.length === 1 ? 'entry carries' : 'entries carry'} no Unix modes (made on Windows) and were given ${[...new Set(missing.map(c => octal(c.to)))].join('/')}: ${list(missing, c => `${c.path} ${octal(c.to)}`)}`
    )
  return parts.join('; ')
}
