/**
 * The data of one zip entry: read, CRC-32 and deflate, then stored instead when deflate does not
 * shrink it. Deflate never runs on the main thread: small files are read and deflated by worker
 * threads in batches, larger data by the libuv thread pool (zlib's async API), so several entries
 * compress at once. Files up to IN_MEMORY_LIMIT are handled in memory; larger ones stream through
 * a scratch file, so memory stays bounded whatever the file sizes.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { constants, crc32, createDeflateRaw, deflateRaw, type ZlibOptions } from 'node:zlib'
import type { LayerEntry } from './layer-entries.js'
import type { Deflated } from './zip-deflate-pool.js'
import { chooseMethod, DEFLATED, STORED, type ZipRecord } from './zip-records.js'

/**
 * Fixed deflate parameters. The compressed bytes (and so CodeSha256) depend on them and on the
 * zlib that Node bundles: the same Node release gives the same bytes on every machine. Level 4
 * deflates a node_modules in about half the CPU time of level 6 for a zip under 1 % larger.
 */
export const DEFLATE_OPTIONS: ZlibOptions = {
  level: 4,
  memLevel: 8,
  windowBits: 15,
  strategy: constants.Z_DEFAULT_STRATEGY
}

/** Output buffer size for deflate: it only splits the output, never changes it. */
const MAX_OUTPUT_CHUNK = 128 * 1024
const MIN_OUTPUT_CHUNK = 1024

/** Files up to this size are read and compressed in memory; larger ones stream. */
export const IN_MEMORY_LIMIT = 4 * 1024 * 1024
const STREAM_CHUNK_BYTES = 1024 * 1024

export interface EntryData extends Pick<ZipRecord, 'method' | 'crc32' | 'size' | 'compressedSize'> {
  /** The bytes to write after the local header, when they are in memory. */
  bytes?: Buffer
  /** Otherwise the file whose first compressedSize bytes are written. */
  file?: string
}

/**
 * Files below this size are read and deflated by the worker pool in batches (per-file thread-pool
 * calls cost more than the work); larger data is deflated with zlib's async API on the thread pool.
 */
export const THREAD_POOL_MIN_BYTES = 64 * 1024

/** Where small files and link texts are read and deflated: the worker pool. */
export interface SmallDeflater {
  file(path: string, sizeHint: number): Promise<Deflated>
  bytes(bytes: Buffer): Promise<Deflated>
}

const deflateRawAsync = promisify(deflateRaw) as (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>

async function deflateOnThreadPool(raw: Buffer): Promise<Buffer> {
  const chunkSize = Math.min(MAX_OUTPUT_CHUNK, Math.max(MIN_OUTPUT_CHUNK, raw.length))
  return deflateRawAsync(raw, { ...DEFLATE_OPTIONS, chunkSize })
}

/** Stored or deflated, whichever is smaller, for data whose deflate is known. */
export function entryData({ size, crc32: checksum, deflated, raw }: Deflated): EntryData {
  if (size > 0 && chooseMethod(size, deflated.length) === DEFLATED) {
    return { method: DEFLATED, crc32: checksum, size, compressedSize: deflated.length, bytes: deflated }
  }
  if (raw?.length !== size) throw new Error(`the ${size} bytes to store are missing`)
  return { method: STORED, crc32: size === 0 ? 0 : checksum, size, compressedSize: size, bytes: raw }
}

/**
 * Data of at least PROBE_MIN_BYTES is probed first: when its first PROBE_BYTES do not shrink at
 * all under deflate (images, fonts, wasm, archives: already compressed), it is stored without
 * deflating the rest. The rule depends only on the bytes, so the output stays reproducible.
 */
export const PROBE_MIN_BYTES = 256 * 1024
export const PROBE_BYTES = 32 * 1024

/** In-memory data deflated on the thread pool, after the probe. */
export async function encodeOnThreadPool(raw: Buffer): Promise<EntryData> {
  const checksum = crc32(raw)
  if (raw.length >= PROBE_MIN_BYTES) {
    const head = raw.subarray(0, PROBE_BYTES)
    if ((await deflateOnThreadPool(head)).length >= head.length)
      return entryData({ size: raw.length, crc32: checksum, deflated: raw, raw })
  }
  return entryData({ size: raw.length, crc32: checksum, deflated: await deflateOnThreadPool(raw), raw })
}

/** Streams a large file through deflate into scratchPath, counting and checksumming on the way. */
export async function encodeLargeFile(path: string, scratchPath: string): Promise<EntryData> {
  let checksum = 0
  let size = 0
  let compressedSize = 0
  const measureInput = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      checksum = crc32(chunk, checksum)
      size += chunk.length
      done(null, chunk)
    }
  })
  const measureOutput = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      compressedSize += chunk.length
      done(null, chunk)
    }
  })
  await pipeline(
    createReadStream(path, { highWaterMark: STREAM_CHUNK_BYTES }),
    measureInput,
    createDeflateRaw({ ...DEFLATE_OPTIONS, chunkSize: MAX_OUTPUT_CHUNK }),
    measureOutput,
    createWriteStream(scratchPath)
  )
  const method = chooseMethod(size, compressedSize)
  if (method === STORED) {
    await rm(scratchPath, { force: true })
    return { method, crc32: checksum, size, compressedSize: size, file: path }
  }
  return { method, crc32: checksum, size, compressedSize, file: scratchPath }
}

/** The data of an entry: nothing for folders, the link text for links, the content for files. */
export async function encodeEntry(entry: LayerEntry, scratchPath: string, small: SmallDeflater): Promise<EntryData> {
  if (entry.type === 'directory')
    return entryData({ size: 0, crc32: 0, deflated: Buffer.alloc(0), raw: Buffer.alloc(0) })
  if (entry.type === 'symlink') return entryData(await small.bytes(Buffer.from(entry.linkTarget as string)))
  const path = entry.absolutePath as string
  if (entry.size > IN_MEMORY_LIMIT) return encodeLargeFile(path, scratchPath)
  if (entry.size >= THREAD_POOL_MIN_BYTES) return encodeOnThreadPool(await readFile(path))
  return entryData(await small.file(path, entry.size))
}

/** Bytes an entry holds in memory while it waits to be written (in-memory data: raw plus deflated). */
export function entryMemoryWeight(entry: LayerEntry): number {
  if (entry.type !== 'file') return 1024
  return entry.size > IN_MEMORY_LIMIT ? 2 * STREAM_CHUNK_BYTES : 2 * entry.size + 1024
}
