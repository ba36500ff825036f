/**
 * The data of one zip entry: read, CRC-32 and deflate, then stored instead when deflate does not
 * shrink it. Deflate never runs on the main thread: every file is read and deflated once by the
 * worker pool (zip-deflate-pool.ts), small ones whole and in batches, large ones in pieces
 * (zip-pieces.ts), so a large file never keeps one core busy while the other waits.
 */
import { constants, type ZlibOptions } from 'node:zlib'
import type { LayerEntry } from './layer-entries.js'
import type { Deflated } from './zip-deflate-pool.js'
import { chooseMethod, DEFLATED, STORED, type ZipRecord } from './zip-records.js'

/**
 * Fixed deflate parameters. The compressed bytes (and so CodeSha256) depend on them and on the
 * zlib that Node bundles: the same Node release gives the same bytes on every machine. Level 6 is
 * info-zip's and zlib's default: level 4 took a fifth less CPU for a zip 3-4 % larger on a real
 * node_modules, and a larger zip is slower to upload to every region and nearer the 50 MB limit.
 */
export const DEFLATE_OPTIONS: ZlibOptions = {
  level: 6,
  memLevel: 8,
  windowBits: 15,
  strategy: constants.Z_DEFAULT_STRATEGY
}

export interface EntryData extends Pick<ZipRecord, 'method' | 'crc32' | 'size' | 'compressedSize'> {
  /** The bytes to write after the local header, when they are in memory. */
  bytes?: Buffer
  /** Or the same, in parts to write one after the other. */
  parts?: Buffer[]
  /** Otherwise the file whose first compressedSize bytes are written. */
  file?: string
  /** A file's first bytes (zip-deflate-pool.ts HEAD_BYTES), for the native-file check. */
  head?: Buffer
  /** A file's whole content, when asked for (package metadata, for the manifest). */
  content?: Buffer
}

/** Where files and link texts are read and deflated: the worker pool. */
export interface SmallDeflater {
  file(path: string, sizeHint: number, keep?: boolean): Promise<Deflated>
  bytes(bytes: Buffer): Promise<Deflated>
}

/** Stored or deflated, whichever is smaller, for data whose deflate is known. */
export function entryData({ size, crc32: checksum, deflated, raw, head }: Deflated): EntryData {
  if (size > 0 && chooseMethod(size, deflated.length) === DEFLATED) {
    return { method: DEFLATED, crc32: checksum, size, compressedSize: deflated.length, bytes: deflated, head }
  }
  if (raw?.length !== size) throw new Error(`the ${size} bytes to store are missing`)
  return { method: STORED, crc32: size === 0 ? 0 : checksum, size, compressedSize: size, bytes: raw, head }
}

const NO_BYTES = Buffer.alloc(0)

/**
 * The data of an entry that is not cut into pieces: nothing for folders, the link text for links,
 * the content for files (with the content itself when keep is set).
 */
export async function encodeEntry(entry: LayerEntry, small: SmallDeflater, keep = false): Promise<EntryData> {
  if (entry.type === 'directory') return entryData({ size: 0, crc32: 0, deflated: NO_BYTES, raw: NO_BYTES })
  if (entry.type === 'symlink') return entryData(await small.bytes(Buffer.from(entry.linkTarget as string)))
  const read = await small.file(entry.absolutePath as string, entry.size, keep)
  return keep ? { ...entryData(read), content: read.raw } : entryData(read)
}

/** Bytes an entry holds in memory while it waits to be written (raw plus deflated, at most). */
export function entryMemoryWeight(entry: LayerEntry): number {
  return entry.type === 'file' ? 2 * entry.size + 1024 : 1024
}
