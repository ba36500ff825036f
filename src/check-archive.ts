import { Input } from './action-io.js'
import type { ActionInputs } from './inputs.js'
import { InputError } from './input-parsing.js'
import type { BuildPlan } from './plan.js'
import { compatibilityFindings, formatFinding, type CompatibilityFinding } from './checks/compatibility.js'
import { layoutProblem } from './package/layout-check.js'
import { largestPackages, type PackageSize } from './package/package-sizes.js'
import { LayerCheckError, sizeLimitViolations } from './package/size-limits.js'
import type { ProducedArchive } from './produce-archive.js'

export interface LayerChecks {
  /** Native files the runtime could not load (empty when the check is off). */
  findings: CompatibilityFinding[]
  /** The ten largest packages by unzipped size. */
  largest: PackageSize[]
  /** Reasons the layer must not be published; empty when it may be. */
  problems: string[]
}

/** The error for a layer the runtime would find nothing in, naming the input to fix when there is one. */
export function layoutError(layout: string, plan: BuildPlan): Error {
  if (plan.kind === 'archive') return new InputError(Input.Archive, `${layout}.`)
  if (plan.kind === 'prebuilt') return new InputError(Input.Source, `${layout} (install is false, so the folder is zipped as it is).`)
  return new LayerCheckError(`The built layer is not loadable: ${layout}.`)
}

/**
 * Checks the packed layer: a layout the runtime loads (thrown at once, as it is an input problem),
 * Lambda's size limits, and native code that matches the target architecture and glibc.
 */
export function checkArchive(produced: ProducedArchive, inputs: ActionInputs, plan: BuildPlan): LayerChecks {
  const { archive } = produced
  const layout = layoutProblem(archive.entryNames, inputs.runtime)
  if (layout) throw layoutError(layout, plan)

  const largest = largestPackages(archive.files)
  const problems = sizeLimitViolations(archive, inputs.s3Bucket !== undefined)
  const findings =
    inputs.compatibilityCheck === 'off' ? [] : compatibilityFindings(produced.nativeFiles, inputs.runtime, inputs.architectures)
  if (findings.length > 0 && inputs.compatibilityCheck === 'error') {
    const shown = findings.slice(0, 5).map(formatFinding).join('; ')
    const more = findings.length > 5 ? ` (and ${findings.length - 5} more, listed in the log)` : ''
    problems.push(`${findings.length} native file(s) would not load on ${inputs.runtime.id} ${inputs.architectures.join('+')}: ${shown}${more}`)
  }
  return { findings, largest, problems }
}
