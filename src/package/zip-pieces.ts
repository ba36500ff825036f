/**
 * Large files are deflated in pieces on all workers at once (see zip-worker-source.ts for how a
 * piece is deflated so that the pieces form one stream), then put back together here, in order:
 * CRC-32 over the raw pieces, deflated pieces kept in memory up to IN_MEMORY_LIMIT and spilled to
 * a scratch file beyond it, so memory stays bounded whatever the file's size. The pieces depend
 * only on the file's size, so the output is the same on any number of cores.
 */
import { open, rm, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import type { LayerEntry } from './layer-entries.js'
import { HEAD_BYTES, type DeflatedPiece, type PieceJob } from './zip-deflate-pool.js'
import type { EntryData } from './zip-entry-data.js'
import { chooseMethod, DEFLATED, STORED } from './zip-records.js'

/** Files larger than this are cut into pieces of this size. */
export const PIECE_BYTES = 1024 * 1024
/** Files of at least this size are stored without deflating when their first 32 KiB do not shrink. */
export const PROBE_MIN_BYTES = 256 * 1024
/** Deflated bytes of one file kept in memory, at most; the rest goes to a scratch file. */
export const IN_MEMORY_LIMIT = 8 * 1024 * 1024

/** The pieces of a file, or none when it is small enough to deflate whole. */
export function pieceJobs(entry: LayerEntry): PieceJob[] {
  if (entry.type !== 'file' || entry.size <= PIECE_BYTES) return []
  const jobs: PieceJob[] = []
  for (let start = 0; start < entry.size; start += PIECE_BYTES) {
    const end = Math.min(entry.size, start + PIECE_BYTES)
    jobs.push({ path: entry.absolutePath as string, start, end, fileSize: entry.size, probe: true })
  }
  return jobs
}

/** Puts the pieces of one file back together, in order. */
export class PieceAssembly {
  private checksum = 0
  private size = 0
  private deflatedSize = 0
  private parts: Buffer[] = []
  private partBytes = 0
  private stored = false
  private head: Buffer | undefined
  private spill: FileHandle | undefined

  constructor(
    private readonly path: string,
    private readonly scratchPath: string,
    private readonly inMemoryLimit = IN_MEMORY_LIMIT
  ) {}

  async add(piece: DeflatedPiece): Promise<void> {
    if (this.size === 0) this.head = Buffer.from(piece.raw.subarray(0, HEAD_BYTES))
    this.checksum = crc32(piece.raw, this.checksum)
    this.size += piece.raw.length
    if (!piece.deflated || this.stored) {
      this.stored = true
      return
    }
    this.deflatedSize += piece.deflated.length
    // A copy: the piece is a view of its batch's block, which also holds the raw piece.
    this.parts.push(Buffer.from(piece.deflated))
    this.partBytes += piece.deflated.length
    if (this.partBytes > this.inMemoryLimit) await this.spillParts()
  }

  /** The entry's data: deflated (in memory or in the scratch file), or stored from the file itself. */
  async finish(): Promise<EntryData> {
    const common = { crc32: this.checksum, size: this.size, head: this.head }
    if (this.stored || chooseMethod(this.size, this.deflatedSize) === STORED) {
      await this.discard()
      return { ...common, method: STORED, compressedSize: this.size, file: this.path }
    }
    if (!this.spill) return { ...common, method: DEFLATED, compressedSize: this.deflatedSize, parts: this.parts }
    await this.spillParts()
    await this.spill.close()
    this.spill = undefined
    return { ...common, method: DEFLATED, compressedSize: this.deflatedSize, file: this.scratchPath }
  }

  /** Drops what was kept (after a failure, or when the file is stored). */
  async discard(): Promise<void> {
    this.parts = []
    if (!this.spill) return
    await this.spill.close().catch(() => undefined)
    this.spill = undefined
    await rm(this.scratchPath, { force: true })
  }

  private async spillParts(): Promise<void> {
    this.spill ??= await open(this.scratchPath, 'w')
    const parts = this.parts
    this.parts = []
    this.partBytes = 0
    for (const part of parts) {
      for (let written = 0; written < part.length;)
        written += (await this.spill.write(part, written, part.length - written)).bytesWritten
    }
  }
}
