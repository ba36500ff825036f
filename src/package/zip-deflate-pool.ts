/**
 * Worker threads that deflate small buffers in batches. A zlib call on the thread pool costs a
 * stream and a round trip per buffer, which outweighs the work for the thousands of small files
 * of a node_modules; batching them to workers keeps that work off the main thread too.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ZlibOptions } from 'node:zlib'

/** Inline CommonJS worker, so it survives bundling (dist/ is one file). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { deflateRawSync } = require('node:zlib')
parentPort.on('message', ({ id, inputs }) => {
  try {
    parentPort.postMessage({ id, outputs: inputs.map(input => deflateRawSync(input, workerData)) })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) })
  }
})
`

/** A batch is sent once it holds this many bytes, or at the end of the current turn. */
const BATCH_BYTES = 256 * 1024

interface Pending {
  resolve: (deflated: Buffer) => void
  reject: (error: Error) => void
}

interface Batch {
  inputs: Buffer[]
  waiting: Pending[]
  bytes: number
}

export class DeflatePool {
  private readonly workers: Worker[]
  private readonly inFlight = new Map<number, Pending[]>()
  private batch: Batch = { inputs: [], waiting: [], bytes: 0 }
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

  /** Raw deflate of input on a worker; the bytes are what deflateRawSync gives for the options. */
  deflate(input: Buffer): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.batch.inputs.push(input)
      this.batch.waiting.push({ resolve, reject })
      this.batch.bytes += input.length
      if (this.batch.bytes >= BATCH_BYTES) this.flush()
      else if (!this.flushScheduled) {
        this.flushScheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(worker => worker.terminate()))
  }

  private flush(): void {
    this.flushScheduled = false
    if (this.batch.inputs.length === 0) return
    const { inputs, waiting } = this.batch
    this.batch = { inputs: [], waiting: [], bytes: 0 }
    const id = this.nextId++
    this.inFlight.set(id, waiting)
    this.workers[this.nextWorker].postMessage({ id, inputs })
    this.nextWorker = (this.nextWorker + 1) % this.workers.length
  }

  private settle(message: { id: number; outputs?: Uint8Array[]; error?: string }): void {
    const waiting = this.inFlight.get(message.id) ?? []
    this.inFlight.delete(message.id)
    waiting.forEach((pending, index) => {
      const output = message.outputs?.[index]
      if (output) pending.resolve(Buffer.from(output.buffer, output.byteOffset, output.byteLength))
      else pending.reject(new Error(`deflate failed in a worker: ${message.error ?? 'no output'}`))
    })
  }

  private fail(error: Error): void {
    this.failure = error
    for (const waiting of this.inFlight.values()) for (const pending of waiting) pending.reject(error)
    this.inFlight.clear()
  }
}
