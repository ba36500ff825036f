import AdmZip from 'adm-zip'
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { normalizedMode, sortEntries, unsafeEntryNameReason, type LayerEntry } from './layer-entries.js'

export interface LayerArchive {
  path: string
  /** Base64 SHA-256 of the zip bytes, the form Lambda reports as CodeSha256. */
  codeSha256: string
  zipBytes: number
  unzippedBytes: number
  entryNames: string[]
  /** Every file and link with its unzipped size. */
  files: ArchiveFile[]
}

export interface ArchiveFile {
  path: string
  size: number
}

/** DOS date 1980-01-01 00:00:00, the earliest a zip can hold: every entry gets it. */
const FIXED_DOS_TIMESTAMP = ((1 << 5) | 1) << 16
/** "Made by" Unix, zip spec 2.0: external attributes carry Unix modes. */
const MADE_BY_UNIX = (3 << 8) | 20
const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const MSDOS_DIRECTORY = 0x10

export function codeSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64')
}

function externalAttributes(entry: LayerEntry): number {
  const mode = normalizedMode(entry)
  if (entry.type === 'directory') return (((S_IFDIR | mode) << 16) | MSDOS_DIRECTORY) >>> 0
  if (entry.type === 'symlink') return ((S_IFLNK | mode) << 16) >>> 0
  return ((S_IFREG | mode) << 16) >>> 0
}

async function entryContent(entry: LayerEntry): Promise<Buffer> {
  if (entry.type === 'file') return readFile(entry.absolutePath as string)
  if (entry.type === 'symlink') return Buffer.from(entry.linkTarget as string)
  return Buffer.alloc(0)
}

/**
 * Writes the entries as a reproducible zip: byte order of names, one fixed timestamp and
 * normalized modes, so the same tree always gives the same bytes and the same CodeSha256.
 */
export async function writeLayerZip(entries: LayerEntry[], zipPath: string): Promise<LayerArchive> {
  const zip = new AdmZip({ noSort: true })
  let unzippedBytes = 0
  const entryNames: string[] = []
  const files: ArchiveFile[] = []
  for (const entry of sortEntries(entries)) {
    const name = entry.type === 'directory' ? `${entry.path}/` : entry.path
    const content = await entryContent(entry)
    const zipEntry = zip.addFile(name, content)
    zipEntry.header.made = MADE_BY_UNIX
    zipEntry.header.timeval = FIXED_DOS_TIMESTAMP
    zipEntry.attr = externalAttributes(entry)
    unzippedBytes += content.length
    entryNames.push(name)
    if (entry.type !== 'directory') files.push({ path: entry.path, size: content.length })
  }
  const bytes = zip.toBuffer()
  await writeFile(zipPath, bytes)
  return { path: zipPath, codeSha256: codeSha256(bytes), zipBytes: bytes.length, unzippedBytes, entryNames, files }
}

export class ArchiveError extends Error {
  override name = 'ArchiveError'
  /** The accepted forms, when they differ from "a zip of relative paths inside the layer". */
  constructor(
    message: string,
    readonly accepted?: string
  ) {
    super(message)
  }
}

export function openZip(zipPath: string, bytes: Buffer): AdmZip {
  try {
    return new AdmZip(bytes)
  } catch (error) {
    throw new ArchiveError(`${zipPath} is not a readable zip file (${(error as Error).message})`)
  }
}

/** Reads an existing zip's entry list and sizes; throws ArchiveError when it is no zip or unsafe. */
export async function readLayerZip(zipPath: string): Promise<LayerArchive> {
  const bytes = await readFile(zipPath)
  const zip = openZip(zipPath, bytes)
  const entryNames: string[] = []
  const files: ArchiveFile[] = []
  let unzippedBytes = 0
  for (const entry of zip.getEntries()) {
    const reason = unsafeEntryNameReason(entry.entryName)
    if (reason) throw new ArchiveError(`${zipPath} holds an entry "${entry.entryName}" that ${reason}`)
    entryNames.push(entry.entryName)
    unzippedBytes += entry.header.size
    if (!entry.isDirectory) files.push({ path: entry.entryName, size: entry.header.size })
  }
  return { path: zipPath, codeSha256: codeSha256(bytes), zipBytes: bytes.length, unzippedBytes, entryNames, files }
}
