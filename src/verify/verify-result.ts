/** What the verify stage decides and reports: which modules load, where, and the step's verdict. */

/** The verify input: load the automatic set, nothing, or the named modules. */
export type VerifySelection = { mode: 'auto' } | { mode: 'off' } | { mode: 'modules'; modules: string[] }

export type LoadOutcome = 'loaded' | 'failed' | 'timed out' | 'checked' | 'nothing to load'

/** One module (or, for Java and custom runtimes, one file) and what happened to it. */
export interface ModuleLoad {
  module: string
  outcome: LoadOutcome
  /** Where it ran: "runner (node 20.11.1 x64)", "public.ecr.aws/lambda/python:3.12 (linux/arm64)", "static". */
  where: string
  /** The last lines of the error, or a note. */
  detail?: string
}

/** true: every module loaded; false: one failed (nothing is published); skipped: nothing was loaded. */
export type Verified = 'true' | 'false' | 'skipped'

export interface VerifyReport {
  verified: Verified
  loads: ModuleLoad[]
  /** Why loading was skipped, and how to enable it; or what could not be run. */
  notes: string[]
}

/** A load failed: counted as a failure of the step. */
export function isFailure(load: ModuleLoad): boolean {
  return load.outcome === 'failed' || load.outcome === 'timed out'
}

/** The verdict from the loads: skipped when nothing ran, so a skipped verification never reads as passed. */
export function verdict(loads: ModuleLoad[]): Verified {
  if (loads.some(isFailure)) return 'false'
  return loads.some(load => load.outcome === 'loaded' || load.outcome === 'checked') ? 'true' : 'skipped'
}
