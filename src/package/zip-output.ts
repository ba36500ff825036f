/**
 * The zip file being written: appends in order through one file handle, coalescing small writes,
 * and hashes every byte on the way, so CodeSha256 is known when the last byte is written.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

const FLUSH_BYTES = 1024 * 1024
/** Buffers per writev, well under IOV_MAX. */
const FLUSH_BUFFERS = 512

export class ZipOutput {
  /** Bytes written so far: the offset of the next record. */
  offset = 0
  private readonly hash: Hash = createHash('sha256')
  private pending: Buffer[] = []
  private pendingBytes = 0

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<ZipOutput> {
    return new ZipOutput(await open(path, 'w'))
  }

  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk)
    this.offset += chunk.length
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    if (this.pendingBytes >= FLUSH_BYTES || this.pending.length >= FLUSH_BUFFERS) await this.flush()
  }

  /** Appends the first `bytes` bytes of a file, streaming; fails if the file is shorter. */
  async copyFile(path: string, bytes: number): Promise<void> {
    let copied = 0
    if (bytes > 0) {
      for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: FLUSH_BYTES })) {
        copied += (chunk as Buffer).length
        await this.write(chunk as Buffer)
      }
    }
    if (copied !== bytes)
      throw new Error(`${path} changed while it was being packed (expected ${bytes} bytes, read ${copied})`)
  }

  private async flush(): Promise<void> {
    const buffers = this.pending
    const total = this.pendingBytes
    this.pending = []
    this.pendingBytes = 0
    if (total === 0) return
    const { bytesWritten } = await this.handle.writev(buffers)
    if (bytesWritten === total) return
    const rest = Buffer.concat(buffers, total).subarray(bytesWritten)
    for (let written = 0; written < rest.length;) {
      written += (await this.handle.write(rest, written, rest.length - written)).bytesWritten
    }
  }

  /** Writes what is left, closes the file and returns the base64 SHA-256 of all bytes written. */
  async finish(): Promise<string> {
    await this.flush()
    await this.handle.close()
    return this.hash.digest('base64')
  }

  /** Closes the file without finishing it (after a failure). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined)
  }
}
