import { constants } from 'node:os'
import type { RegionProgress } from './publish-all.js'
import type { RegionResult } from './publish-region.js'

/** Where publishing stands: what a cancelled step can still report. */
export interface PublishSnapshot {
  /** Finished regions (published, reused or failed), in the order of the regions input. */
  done: RegionResult[]
  /** Regions whose calls were under way: a version may exist there. */
  inFlight: string[]
  notStarted: string[]
}

/** Records which regions started and finished. */
export class PublishProgress implements RegionProgress {
  private readonly started_ = new Set<string>()
  private readonly finished_ = new Map<string, RegionResult>()

  constructor(private readonly regions: readonly string[]) {}

  started(region: string): void {
    this.started_.add(region)
  }

  finished(result: RegionResult): void {
    this.finished_.set(result.region, result)
  }

  snapshot(): PublishSnapshot {
    return {
      done: this.regions.flatMap(region => this.finished_.get(region) ?? []),
      inFlight: this.regions.filter(region => this.started_.has(region) && !this.finished_.has(region)),
      notStarted: this.regions.filter(region => !this.started_.has(region))
    }
  }
}

const CANCEL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/**
 * Runs `task`. When the runner cancels the step meanwhile (SIGINT, then SIGTERM), runs `report`
 * once and ends the process with 128 + the signal's number, without waiting for calls in flight.
 */
export async function untilInterrupted<T>(
  task: () => Promise<T>,
  report: (signal: NodeJS.Signals) => Promise<void>
): Promise<T> {
  let reporting = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (reporting) return
    reporting = true
    const exit = () => process.exit(128 + constants.signals[signal])
    report(signal).then(exit, exit)
  }
  for (const signal of CANCEL_SIGNALS) process.on(signal, onSignal)
  try {
    return await task()
  } finally {
    for (const signal of CANCEL_SIGNALS) process.off(signal, onSignal)
  }
}
