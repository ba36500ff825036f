/**
 * The zip file being written: appends in order through one file handle, gathering small writes
 * (the headers and data of thousands of small entries) into one buffer per FLUSH_BYTES, and
 * hashes every byte on the way, so CodeSha256 is known when the last byte is written.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

const FLUSH_BYTES = 1024 * 1024

export class ZipOutput {
  /** Bytes written so far: the offset of the next record. */
  offset = 0
  private readonly hash: Hash = createHash('sha256')
  private gathered = Buffer.allocUnsafeSlow(FLUSH_BYTES)
  private gatheredBytes = 0

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<ZipOutput> {
    return new ZipOutput(await open(path, 'w'))
  }

  async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length
    if (this.gatheredBytes + chunk.length <= FLUSH_BYTES) {
      chunk.copy(this.gathered, this.gatheredBytes)
      this.gatheredBytes += chunk.length
      if (this.gatheredBytes === FLUSH_BYTES) await this.flush()
      return
    }
    await this.flush()
    if (chunk.length < FLUSH_BYTES) {
      chunk.copy(this.gathered)
      this.gatheredBytes = chunk.length
    } else {
      await this.writeOut(chunk)
    }
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
    if (this.gatheredBytes === 0) return
    const full = this.gathered.subarray(0, this.gatheredBytes)
    // A fresh buffer for what comes next: the write below may still be reading this one.
    this.gathered = Buffer.allocUnsafeSlow(FLUSH_BYTES)
    this.gatheredBytes = 0
    await this.writeOut(full)
  }

  private async writeOut(bytes: Buffer): Promise<void> {
    this.hash.update(bytes)
    for (let written = 0; written < bytes.length;) {
      written += (await this.handle.write(bytes, written, bytes.length - written)).bytesWritten
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
