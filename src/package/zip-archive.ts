import AdmZip from 'adm-zip'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { unsafeEntryNameReason, type LayerEntry } from './layer-entries.js'
import { writeStreamingZip, type WriteOptions } from './zip-writer.js'

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

export function codeSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64')
}

/**
 * Writes the entries as a reproducible zip: byte order of names, one fixed timestamp and
 * normalized modes, so the same tree always gives the same bytes and the same CodeSha256.
 * Streams to disk (see zip-writer.ts); memory stays bounded whatever the layer's size.
 */
export async function writeLayerZip(
  entries: LayerEntry[],
  zipPath: string,
  options?: WriteOptions
): Promise<LayerArchive> {
  const written = await writeStreamingZip(entries, zipPath, options)
  const files = written.records
    .filter(record => record.type !== 'directory')
    .map(record => ({ path: record.name, size: record.size }))
  return {
    path: zipPath,
    codeSha256: written.codeSha256,
    zipBytes: written.zipBytes,
    unzippedBytes: written.records.reduce((total, record) => total + record.size, 0),
    entryNames: written.records.map(record => record.name),
    files
  }
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

/** Opens a zip and reads its entry list; throws ArchiveError when it is no zip or holds a name twice. */
export function openZip(zipPath: string, bytes: Buffer): AdmZip {
  try {
    const zip = new AdmZip(bytes)
    zip.getEntries()
    return zip
  } catch (error) {
    const duplicate = /Duplicate entry name "(.*)"/.exec((error as Error).message)
    if (duplicate)
      throw new ArchiveError(
        `${zipPath} holds the entry "${duplicate[1]}" more than once, so what lands in /opt would depend on the unzip tool`,
        'expected each entry name once'
      )
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
