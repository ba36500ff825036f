/**
 * The deflate worker, as inline CommonJS so it survives bundling (ncc emits no worker file). It runs the
 * jobs of a batch synchronously: sync reads and zlib calls cost no thread-pool round trip.
 * - file: reads the file, returns its size, CRC-32, deflate (and the bytes when deflate does not
 *   shrink them, or when the job asks to keep them: package metadata for the manifest) and its
 *   first bytes.
 * - bytes: the same for bytes (a link's text).
 * - piece: reads [start, end) of a large file with up to 32 KiB before it, deflates the piece with
 *   those bytes as preset dictionary and a sync flush (the last piece finishes the stream), as pigz
 *   does: the pieces, concatenated, are one deflate stream. Files large enough are probed first:
 *   when their first PROBE bytes do not shrink, no piece is deflated and the file is stored. Each
 *   piece reads and probes the same start, so all pieces agree. The raw piece goes back for the
 *   CRC-32, which the writer computes in order.
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { closeSync, fstatSync, openSync, readSync } = require('node:fs')
const { constants, crc32, deflateRawSync } = require('node:zlib')
const { options, headBytes } = workerData
const WINDOW = 32 * 1024
const PROBE = 32 * 1024
// zlib allocates its output in buffers of chunkSize (16 KiB by default), which only splits the
// output, never changes it: sized to the input, a small file leaves one small buffer behind.
function chunkSize(raw) {
  return Math.max(1024, Math.min(raw.length + 1024, 1024 * 1024 + WINDOW))
}
function deflated(raw) {
  return raw.length === 0 ? raw : deflateRawSync(raw, { ...options, chunkSize: chunkSize(raw) })
}
// All bytes a batch sends back are copied into one block, moved (not cloned) with the message,
// and named by [offset, length]: one transfer per batch rather than one per buffer, and never a
// pooled slab or zlib's whole output buffer cloned along with a view of it.
class Block {
  constructor() {
    this.bytes = Buffer.allocUnsafeSlow(256 * 1024)
    this.used = 0
  }
  put(view) {
    if (this.used + view.length > this.bytes.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, this.used + view.length))
      this.bytes.copy(larger, 0, 0, this.used)
      this.bytes = larger
    }
    view.copy(this.bytes, this.used)
    this.used += view.length
    return [this.used - view.length, view.length]
  }
}
function whole(raw, withHead, keep, block) {
  const out = deflated(raw)
  return {
    size: raw.length,
    crc32: crc32(raw),
    deflated: block.put(out),
    // The raw bytes travel back only when they may be stored (deflate did not shrink them) or are asked for.
    raw: out.length < raw.length && !keep ? undefined : block.put(raw),
    head: withHead ? block.put(raw.subarray(0, headBytes)) : undefined
  }
}
// Whole files are read into one buffer, reused: their bytes are only needed until deflated, and
// a fresh buffer per file would pile up as garbage outside the worker's heap until a late GC.
let reusable = Buffer.allocUnsafeSlow(256 * 1024)
function readWhole(path) {
  const fd = openSync(path, 'r')
  try {
    let done = 0
    for (;;) {
      if (done === reusable.length) {
        const larger = Buffer.allocUnsafeSlow(reusable.length * 2)
        reusable.copy(larger)
        reusable = larger
      }
      const count = readSync(fd, reusable, done, reusable.length - done, null)
      if (count === 0) return reusable.subarray(0, done)
      done += count
    }
  } finally {
    closeSync(fd)
  }
}
// Pieces are read into another reused buffer, for the same reason.
let pieceBuffer = Buffer.allocUnsafeSlow(0)
function readRange(fd, path, start, end, reuse) {
  if (reuse && pieceBuffer.length < end - start) pieceBuffer = Buffer.allocUnsafeSlow(end - start)
  const buffer = reuse ? pieceBuffer.subarray(0, end - start) : Buffer.allocUnsafeSlow(end - start)
  let done = 0
  while (done < buffer.length) {
    const count = readSync(fd, buffer, done, buffer.length - done, start + done)
    if (count === 0) throw new Error(path + ' changed while it was being packed (it is shorter than listed)')
    done += count
  }
  return buffer
}
function piece(job, block) {
  const fd = openSync(job.path, 'r')
  try {
    if (job.end === job.fileSize && fstatSync(fd).size !== job.fileSize)
      throw new Error(job.path + ' changed while it was being packed (its size is no longer ' + job.fileSize + ')')
    const from = Math.max(0, job.start - WINDOW)
    const bytes = readRange(fd, job.path, from, job.end, true)
    const raw = bytes.subarray(job.start - from)
    if (job.probe) {
      const head = job.start === 0 ? raw.subarray(0, PROBE) : readRange(fd, job.path, 0, PROBE, false)
      if (deflated(head).length >= head.length) return { raw: block.put(raw) }
    }
    const flush = job.end === job.fileSize ? constants.Z_FINISH : constants.Z_SYNC_FLUSH
    const pieceOptions = { ...options, finishFlush: flush, chunkSize: chunkSize(raw) }
    if (from < job.start) pieceOptions.dictionary = bytes.subarray(0, job.start - from)
    return { raw: block.put(raw), deflated: block.put(deflateRawSync(raw, pieceOptions)) }
  } finally {
    closeSync(fd)
  }
}
parentPort.on('message', ({ id, jobs }) => {
  const results = []
  const block = new Block()
  for (const job of jobs) {
    try {
      if (job.kind === 'piece') results.push(piece(job, block))
      else if (job.kind === 'file') results.push(whole(readWhole(job.path), true, job.keep === true, block))
      else results.push(whole(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), false, false, block))
    } catch (error) {
      results.push({ error: String((error && error.message) || error) })
    }
  }
  const bytes = block.bytes.subarray(0, block.used)
  parentPort.postMessage({ id, results, bytes }, [block.bytes.buffer])
})
`
