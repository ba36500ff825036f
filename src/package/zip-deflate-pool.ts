/**
 * Worker threads that read and deflate the layer's files: each file is read once, there, and its
 * CRC-32, deflate and first bytes (for the native-file check) all come from that one read. Small
 * files go in batches (a thread-pool call per file costs more than the work); large files are cut
 * into pieces that deflate in parallel (see zip-pieces.ts). The main thread only writes.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ZlibOptions } from 'node:zlib'
import { WORKER_SOURCE } from './zip-worker-source.js'

/** A batch is sent once it holds this many bytes or jobs, or at the end of the current turn. */
const BATCH_BYTES = 256 * 1024
const BATCH_JOBS = 64

/**
 * A worker's garbage is mostly zlib's output buffers, outside its heap: a small young generation
 * collects them often, which took the packer's peak RSS on a real node_modules down by 20 MB.
 */
const WORKER_YOUNG_GENERATION_MB = 4

/** Bytes of each file's start returned with its data, enough to tell native code by its header. */
export const HEAD_BYTES = 64

/** Data's size, CRC-32 and raw deflate with the pool's options, and the data when it may be stored. */
export interface Deflated {
  size: number
  crc32: number
  deflated: Buffer
  /** Present whenever deflated is not smaller than the data, or when asked to keep it. */
  raw?: Buffer
  /** The first HEAD_BYTES bytes, for files. */
  head?: Buffer
}

/** One piece [start, end) of a large file (see zip-pieces.ts). */
export interface PieceJob {
  path: string
  start: number
  end: number
  /** The file's size when listed; the last piece checks the file still has it. */
  fileSize: number
  /** Whether the file is large enough for the incompressible-start probe. */
  probe: boolean
}

/** A piece's raw bytes (for the CRC-32, in order) and its deflate, absent when the probe said store. */
export interface DeflatedPiece {
  raw: Buffer
  deflated?: Buffer
}

type Job = (
  { kind: 'file'; path: string; keep: boolean } | { kind: 'bytes'; bytes: Buffer } | ({ kind: 'piece' } & PieceJob)
) & {
  weight: number
}

interface Pending {
  resolve: (result: Result) => void
  reject: (error: Error) => void
}

interface Batch {
  jobs: Job[]
  waiting: Pending[]
  bytes: number
}

/** Where a result's bytes are in its batch's block: [offset, length]. */
type Span = [number, number]

interface WorkerResult {
  size?: number
  raw?: Span
  crc32?: number
  deflated?: Span
  head?: Span
  error?: string
}

/** A worker's result with its spans resolved to views of the batch's block. */
interface Result {
  size?: number
  raw?: Buffer
  crc32?: number
  deflated?: Buffer
  head?: Buffer
  error?: string
}

interface Flight {
  waiting: Pending[]
  worker: number
  bytes: number
}

function withViews(result: WorkerResult, block: Uint8Array): Result {
  const view = (span: Span | undefined) => span && Buffer.from(block.buffer, block.byteOffset + span[0], span[1])
  return { ...result, raw: view(result.raw), deflated: view(result.deflated), head: view(result.head) }
}

/**
 * Workers at most: each costs ~10 MB of its own, and beyond this the main thread (writing,
 * hashing) and the disk limit anyway.
 */
const MAX_WORKERS = 8

/**
 * Raw bytes of files read ahead and not yet asked for, at most: what a walk of the tree can hand
 * the workers while the main thread is still busy with it (see readAhead).
 */
const READ_AHEAD_BYTES = 16 * 1024 * 1024

interface ReadAhead {
  keep: boolean
  weight: number
  result: Promise<Deflated>
}

/** The deflate workers: one per core, at least one and at most MAX_WORKERS. */
export class DeflatePool {
  private readonly workers: Worker[]
  private readonly readAheads = new Map<string, ReadAhead>()
  private readAheadBytes = 0
  private readonly load: number[]
  private readonly inFlight = new Map<number, Flight>()
  private batch: Batch = { jobs: [], waiting: [], bytes: 0 }
  private flushScheduled = false
  private nextId = 0
  private failure: Error | undefined

  constructor(options: ZlibOptions, size = Math.max(1, Math.min(MAX_WORKERS, availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { options, headBytes: HEAD_BYTES },
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
      })
      worker.on('message', message => this.settle(message))
      worker.on('error', error => this.fail(error))
      return worker
    })
    this.load = this.workers.map(() => 0)
  }

  /** Reads a file on a worker and deflates it there; keep: return its bytes too, deflated or not. */
  async file(path: string, sizeHint: number, keep = false): Promise<Deflated> {
    const early = this.readAheads.get(path)
    if (early) {
      this.readAheads.delete(path)
      this.readAheadBytes -= early.weight
      if (early.keep === keep) return early.result
    }
    return this.whole(await this.submit({ kind: 'file', path, keep, weight: sizeHint }))
  }

  /**
   * Starts reading and deflating a file before it is asked for (while the main thread still
   * walks and filters the tree, the workers would otherwise wait); file() with the same path then
   * takes the result. Declined (false) once READ_AHEAD_BYTES wait to be asked for. A failure
   * surfaces only if the file is asked for: a file left out of the zip may fail unseen.
   */
  readAhead(path: string, sizeHint: number, keep = false): boolean {
    if (this.failure || this.readAheads.has(path) || this.readAheadBytes + sizeHint > READ_AHEAD_BYTES) return false
    const result = this.submit({ kind: 'file', path, keep, weight: sizeHint }).then(found => this.whole(found))
    result.catch(() => undefined)
    this.readAheads.set(path, { keep, weight: sizeHint, result })
    this.readAheadBytes += sizeHint
    return true
  }

  /** Deflates bytes on a worker. */
  async bytes(bytes: Buffer): Promise<Deflated> {
    return this.whole(await this.submit({ kind: 'bytes', bytes, weight: bytes.length }))
  }

  /** Reads and deflates one piece of a large file on a worker. */
  async piece(job: PieceJob): Promise<DeflatedPiece> {
    const result = await this.submit({ kind: 'piece', ...job, weight: job.end - job.start })
    if (!result.raw) throw new Error(result.error ?? 'a deflate worker returned no piece')
    return { raw: result.raw, deflated: result.deflated }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(worker => worker.terminate()))
  }

  private whole(result: Result): Deflated {
    if (result.size === undefined || !result.deflated || result.crc32 === undefined)
      throw new Error(result.error ?? 'a deflate worker returned no result')
    const { size, crc32, deflated, raw, head } = result
    return { size, crc32, deflated, raw, head }
  }

  private submit(job: Job): Promise<Result> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.batch.jobs.push(job)
      this.batch.waiting.push({ resolve, reject })
      this.batch.bytes += job.weight
      if (this.batch.bytes >= BATCH_BYTES || this.batch.jobs.length >= BATCH_JOBS) this.flush()
      else if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  /** Sends the batch to the worker with the fewest bytes waiting, so large pieces do not queue up. */
  private flush(): void {
    this.flushScheduled = false
    if (this.batch.jobs.length === 0) return
    const { jobs, waiting, bytes } = this.batch
    this.batch = { jobs: [], waiting: [], bytes: 0 }
    const id = this.nextId++
    const worker = this.load.indexOf(Math.min(...this.load))
    this.load[worker] += bytes
    this.inFlight.set(id, { waiting, worker, bytes })
    this.workers[worker].postMessage({ id, jobs: jobs.map(({ weight: _weight, ...rest }) => rest) })
  }

  private settle(message: { id: number; results: WorkerResult[]; bytes: Uint8Array }): void {
    const flight = this.inFlight.get(message.id)
    if (!flight) return
    this.inFlight.delete(message.id)
    this.load[flight.worker] -= flight.bytes
    flight.waiting.forEach((pending, index) => {
      const result = message.results[index]
      if (!result || result.error !== undefined) pending.reject(new Error(result?.error ?? 'no result'))
      else pending.resolve(withViews(result, message.bytes))
    })
  }

  private fail(error: Error): void {
    this.failure = error
    for (const flight of this.inFlight.values()) for (const pending of flight.waiting) pending.reject(error)
    this.inFlight.clear()
  }
}
