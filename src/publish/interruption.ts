import { constants } from 'node:os'
import type { RegionProgress } from './publish-all.js'
import type { KnownVersion, RegionResult } from './publish-types.js'

/** Where publishing stands: what a cancelled step can still report. */
export interface PublishSnapshot {
  /** Finished regions (published, reused or failed), in the order of the regions input. */
  done: RegionResult[]
  /** Regions whose calls were under way: a version may exist there. */
  inFlight: string[]
  /** In-flight regions whose version already exists (their follow-ups were under way). */
  inFlightVersions: Record<string, KnownVersion>
  notStarted: string[]
}

/** Records which regions started and finished. */
export class PublishProgress implements RegionProgress {
  private readonly started_ = new Set<string>()
  private readonly finished_ = new Map<string, RegionResult>()
  private readonly versions_ = new Map<string, KnownVersion>()

  constructor(private readonly regions: readonly string[]) {}

  started(region: string): void {
    this.started_.add(region)
  }

  versionKnown(region: string, version: KnownVersion): void {
    this.versions_.set(region, version)
  }

  finished(result: RegionResult): void {
    this.finished_.set(result.region, result)
  }

  snapshot(): PublishSnapshot {
    const inFlight = this.regions.filter(region => this.started_.has(region) && !this.finished_.has(region))
    return {
      done: this.regions.flatMap(region => this.finished_.get(region) ?? []),
      inFlight,
      inFlightVersions: Object.fromEntries(
        inFlight.flatMap(region => {
          const version = this.versions_.get(region)
          return version ? [[region, version]] : []
        })
      ),
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
