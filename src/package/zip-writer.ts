/**
 * Streams layer entries into a reproducible zip: entries in byte order of their names, one fixed
 * timestamp, normalized modes. Entry data is prepared (read, CRC-32, deflate) a bounded window
 * ahead on worker threads and the thread pool, and written strictly in order, so the output never
 * depends on which compression finishes first. Only the window's file contents are ever in
 * memory, never the whole tree or archive.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { sortEntries, type LayerEntry } from './layer-entries.js'
import { DEFLATE_OPTIONS, encodeEntry, entryMemoryWeight, type SmallDeflater } from './zip-entry-data.js'
import { DeflatePool } from './zip-deflate-pool.js'
import { ZipOutput } from './zip-output.js'
import { prefetchInOrder } from './zip-prefetch.js'
import { centralDirectoryHeader, endOfCentralDirectory, localFileHeader, type ZipRecord } from './zip-records.js'

/** Entries prepared ahead of the writer, at most, and the memory they may hold together. */
const PREFETCH = { items: 1024, weight: 16 * 1024 * 1024 }

export interface WrittenZip {
  codeSha256: string
  zipBytes: number
  records: ZipRecord[]
}

function entryName(entry: LayerEntry): string {
  return entry.type === 'directory' ? `${entry.path}/` : entry.path
}

async function writeEntries(
  entries: LayerEntry[],
  output: ZipOutput,
  scratch: string,
  small: SmallDeflater
): Promise<ZipRecord[]> {
  const records: ZipRecord[] = []
  const prepared = prefetchInOrder(entries, PREFETCH, entryMemoryWeight, (entry, index) =>
    encodeEntry(entry, join(scratch, `${index}.deflate`), small)
  )
  let index = 0
  for await (const data of prepared) {
    const entry = entries[index++]
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
    await output.write(localFileHeader(record))
    if (data.bytes) await output.write(data.bytes)
    else if (data.file) await output.copyFile(data.file, data.compressedSize)
    if (data.file?.startsWith(scratch)) await rm(data.file, { force: true })
    records.push(record)
  }
  return records
}

/** Writes the entries to zipPath (sorted here) and returns the records and the CodeSha256. */
export async function writeStreamingZip(entries: LayerEntry[], zipPath: string): Promise<WrittenZip> {
  const scratch = await mkdtemp(join(dirname(zipPath), '.zip-parts-'))
  const pool = new DeflatePool(DEFLATE_OPTIONS)
  let output: ZipOutput | undefined
  try {
    output = await ZipOutput.create(zipPath)
    const records = await writeEntries(sortEntries(entries), output, scratch, pool)
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
    await pool.close()
    await rm(scratch, { recursive: true, force: true })
  }
}
