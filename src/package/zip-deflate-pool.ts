/**
 * Worker threads that read and deflate small files in batches. A zlib call on the thread pool
 * costs a stream and a round trip per buffer, and reading a file costs four thread-pool round
 * trips; for the thousands of small files of a node_modules that overhead outweighs the work.
 * Workers do both synchronously, many files per message, and keep them off the main thread.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ZlibOptions } from 'node:zlib'

/** Inline CommonJS worker, so it survives bundling (dist/ is one file). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const { crc32, deflateRawSync } = require('node:zlib')
function deflated(raw) {
  return raw.length === 0 ? raw : deflateRawSync(raw, workerData)
}
parentPort.on('message', ({ id, jobs }) => {
  const results = []
  for (const job of jobs) {
    try {
      const raw = job.path === undefined ? job.bytes : readFileSync(job.path)
      const out = deflated(raw)
      // The raw bytes travel back only when they may be stored: deflate did not shrink them.
      results.push({ size: raw.length, crc32: crc32(raw), deflated: out, raw: out.length < raw.length ? undefined : raw })
    } catch (error) {
      results.push({ error: String((error && error.message) || error) })
    }
  }
  parentPort.postMessage({ id, results })
})
`

/** A batch is sent once it holds this many bytes or jobs, or at the end of the current turn. */
const BATCH_BYTES = 256 * 1024
const BATCH_JOBS = 64

/** Data's size, CRC-32 and raw deflate with the pool's options, and the data when it may be stored. */
export interface Deflated {
  size: number
  crc32: number
  deflated: Buffer
  /** Present whenever deflated is not smaller than the data. */
  raw?: Buffer
}

type Job = { path: string; bytes?: undefined } | { path?: undefined; bytes: Buffer }

interface Pending {
  resolve: (result: Deflated) => void
  reject: (error: Error) => void
}

interface Batch {
  jobs: Job[]
  waiting: Pending[]
  bytes: number
}

interface WorkerResult {
  size?: number
  raw?: Uint8Array
  crc32?: number
  deflated?: Uint8Array
  error?: string
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

export class DeflatePool {
  private readonly workers: Worker[]
  private readonly inFlight = new Map<number, Pending[]>()
  private batch: Batch = { jobs: [], waiting: [], bytes: 0 }
  private flushScheduled = false
  private nextId = 0
  private nextWorker = 0
  private failure: Error | undefined

  constructor(options: ZlibOptions, size = Math.max(1, Math.min(2, availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: options })
      worker.on('message', message => this.settle(message))
      worker.on('error', error => this.fail(error))
      return worker
    })
  }

  /** Reads a file on a worker and deflates it there. */
  file(path: string, sizeHint: number): Promise<Deflated> {
    return this.submit({ path }, sizeHint)
  }

  /** Deflates bytes on a worker. */
  bytes(bytes: Buffer): Promise<Deflated> {
    return this.submit({ bytes }, bytes.length)
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(worker => worker.terminate()))
  }

  private submit(job: Job, bytes: number): Promise<Deflated> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.batch.jobs.push(job)
      this.batch.waiting.push({ resolve, reject })
      this.batch.bytes += bytes
      if (this.batch.bytes >= BATCH_BYTES || this.batch.jobs.length >= BATCH_JOBS) this.flush()
      else if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    this.flushScheduled = false
    if (this.batch.jobs.length === 0) return
    const { jobs, waiting } = this.batch
    this.batch = { jobs: [], waiting: [], bytes: 0 }
    const id = this.nextId++
    this.inFlight.set(id, waiting)
    this.workers[this.nextWorker].postMessage({ id, jobs })
    this.nextWorker = (this.nextWorker + 1) % this.workers.length
  }

  private settle(message: { id: number; results: WorkerResult[] }): void {
    const waiting = this.inFlight.get(message.id) ?? []
    this.inFlight.delete(message.id)
    waiting.forEach((pending, index) => {
      const result = message.results[index]
      if (result?.size !== undefined && result.deflated && result.crc32 !== undefined) {
        const raw = result.raw && asBuffer(result.raw)
        pending.resolve({ size: result.size, crc32: result.crc32, deflated: asBuffer(result.deflated), raw })
      } else {
        pending.reject(new Error(result?.error ?? 'a deflate worker returned no result'))
      }
    })
  }

  private fail(error: Error): void {
    this.failure = error
    for (const waiting of this.inFlight.values()) for (const pending of waiting) pending.reject(error)
    this.inFlight.clear()
  }
}
