/**
 * Streams layer entries into a reproducible zip: entries in byte order of their names, one fixed
 * timestamp, normalized modes. Entry data is prepared (read, CRC-32, deflate) a bounded window
 * ahead on worker threads, large files in pieces, and written strictly in order, so the output
 * never depends on which compression finishes first or on the number of cores. Only the window's
 * file contents are ever in memory, never the whole tree or archive.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { sortEntries, type LayerEntry } from './layer-entries.js'
import { DEFLATE_OPTIONS, encodeEntry, entryMemoryWeight, type EntryData } from './zip-entry-data.js'
import { DeflatePool, type DeflatedPiece, type PieceJob } from './zip-deflate-pool.js'
import { PieceAssembly, pieceJobs } from './zip-pieces.js'
import { ZipOutput } from './zip-output.js'
import { prefetchInOrder } from './zip-prefetch.js'
import { centralDirectoryHeader, endOfCentralDirectory, localFileHeader, type ZipRecord } from './zip-records.js'

/** Work prepared ahead of the writer, at most, and the memory it may hold together. */
const PREFETCH = { items: 1024, weight: 8 * 1024 * 1024 }

export interface WrittenZip {
  codeSha256: string
  zipBytes: number
  records: ZipRecord[]
}

export interface WriteOptions {
  /** Workers to deflate on (left open); by default the writer starts its own and closes them. */
  pool?: DeflatePool
  /** Called with the first bytes of every file, read for the zip anyway (for the native-file check). */
  onHead?: (entry: LayerEntry, head: Buffer) => void
  /**
   * Files whose whole content onContent is called with, from the same read (for the package
   * manifest); a file large enough to be cut into pieces is not (onContent is never called for it).
   */
  keepContent?: (entry: LayerEntry) => boolean
  onContent?: (entry: LayerEntry, content: Buffer) => void
}

/** One unit of work: an entry deflated whole, or one piece of a large file. */
interface Unit {
  entry: LayerEntry
  index: number
  piece?: PieceJob
}

function workUnits(entries: LayerEntry[]): Unit[] {
  return entries.flatMap((entry, index) => {
    const pieces = pieceJobs(entry)
    return pieces.length === 0 ? [{ entry, index }] : pieces.map(piece => ({ entry, index, piece }))
  })
}

function unitWeight(unit: Unit): number {
  return unit.piece ? 2 * (unit.piece.end - unit.piece.start) + 64 * 1024 : entryMemoryWeight(unit.entry)
}

function entryName(entry: LayerEntry): string {
  return entry.type === 'directory' ? `${entry.path}/` : entry.path
}

async function writeRecord(output: ZipOutput, record: ZipRecord, data: EntryData): Promise<void> {
  await output.write(localFileHeader(record))
  if (data.bytes) await output.write(data.bytes)
  else if (data.parts) for (const part of data.parts) await output.write(part)
  else if (data.file) await output.copyFile(data.file, data.compressedSize)
}

async function writeEntries(
  entries: LayerEntry[],
  output: ZipOutput,
  scratch: string,
  pool: DeflatePool,
  { onHead, keepContent, onContent }: WriteOptions
): Promise<ZipRecord[]> {
  const records: ZipRecord[] = []
  const units = workUnits(entries)
  const prepared = prefetchInOrder<Unit, EntryData | DeflatedPiece>(units, PREFETCH, unitWeight, unit =>
    unit.piece ? pool.piece(unit.piece) : encodeEntry(unit.entry, pool, keepContent?.(unit.entry) === true)
  )
  let assembly: PieceAssembly | undefined
  let at = 0
  try {
    for await (const result of prepared) {
      const { entry, index, piece } = units[at++]
      let data: EntryData
      if (piece) {
        assembly ??= new PieceAssembly(piece.path, join(scratch, `${index}.deflate`))
        await assembly.add(result as DeflatedPiece)
        if (piece.end < piece.fileSize) continue
        data = await assembly.finish()
        assembly = undefined
      } else data = result as EntryData
      if (data.head && onHead) onHead(entry, data.head)
      if (data.content && onContent) onContent(entry, data.content)
      const record: ZipRecord = {
        name: entryName(entry),
        type: entry.type,
        method: data.method,
        crc32: data.crc32,
        compressedSize: data.compressedSize,
        size: data.size,
        mode: entry.mode,
        offset: output.offset
      }
      await writeRecord(output, record, data)
      if (data.file?.startsWith(scratch)) await rm(data.file, { force: true })
      records.push(record)
    }
  } finally {
    await assembly?.discard()
  }
  return records
}

/** Writes the entries to zipPath (sorted here) and returns the records and the CodeSha256. */
export async function writeStreamingZip(
  entries: LayerEntry[],
  zipPath: string,
  options: WriteOptions = {}
): Promise<WrittenZip> {
  const scratch = await mkdtemp(join(dirname(zipPath), '.zip-parts-'))
  const pool = options.pool ?? new DeflatePool(DEFLATE_OPTIONS)
  let output: ZipOutput | undefined
  try {
    output = await ZipOutput.create(zipPath)
    const records = await writeEntries(sortEntries(entries), output, scratch, pool, options)
    const directoryOffset = output.offset
    for (const record of records) await output.write(centralDirectoryHeader(record))
    await output.write(endOfCentralDirectory(records.length, output.offset - directoryOffset, directoryOffset))
    const zipBytes = output.offset
    return { codeSha256: await output.finish(), zipBytes, records }
  } catch (error) {
    await output?.abandon()
    await rm(zipPath, { force: true })
    throw error
  } finally {
    if (!options.pool) await pool.close()
    await rm(scratch, { recursive: true, force: true })
  }
}
