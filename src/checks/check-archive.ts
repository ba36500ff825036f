import type { Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import type { BuildPlan } from '../plan/plan.js'
import {
  compatibilityFindings,
  formatFinding,
  type CompatibilityFinding,
  type CompatibilityMode
} from './compatibility.js'
import { layoutError, layoutProblem } from '../model/layout.js'
import { largestPackages, type PackageSize } from '../package/package-sizes.js'
import { directUploadProblem, sizeLimitViolations } from '../package/size-limits.js'
import type { ProducedArchive } from '../package/produce-archive.js'
import { otherPythonProblem, unservedRuntimeWarnings } from './runtime-folders.js'

/** What the checks need to know of the inputs. */
export interface CheckOptions {
  runtime: LambdaRuntime
  architectures: Architecture[]
  compatibilityCheck: CompatibilityMode
  /** Staged through S3, so the 50 MB direct-upload limit does not apply. */
  s3Bucket?: string
  /** false: nothing is published, so the publishing limits (50 MB direct upload) are only warned about. */
  publish: boolean
  /** Runtimes recorded on the layer version besides runtime. */
  compatibleRuntimes?: string[]
}

export interface LayerChecks {
  /** Native files the runtime could not load (empty when the check is off). */
  findings: CompatibilityFinding[]
  /** The ten largest packages by unzipped size. */
  largest: PackageSize[]
  /** Reasons the layer must not be published; empty when it may be. */
  problems: string[]
  /** Warnings about the layer: compatible-runtimes the layout cannot serve; publishing limits it breaks while publish is false. */
  warnings: string[]
}
/**
 * Checks the packed layer: a layout the runtime loads (thrown at once, as it is an input problem),
 * Lambda's size limits, and native code that matches the target architecture and glibc.
 */
export function checkArchive(produced: ProducedArchive, inputs: CheckOptions, plan: BuildPlan): LayerChecks {
  const { archive } = produced
  const layout = layoutProblem(archive.entryNames, inputs.runtime)
  if (layout) throw layoutError(layout, plan)
  const compatible = inputs.compatibleRuntimes ?? []
  const otherPython = otherPythonProblem(archive.entryNames, inputs.runtime, compatible)
  if (otherPython) throw layoutError(otherPython, plan)
  const unserved = unservedRuntimeWarnings(archive.entryNames, inputs.runtime, compatible)

  const largest = largestPackages(archive.files)
  const problems = sizeLimitViolations(archive, inputs.s3Bucket !== undefined || !inputs.publish)
  const direct = inputs.publish || inputs.s3Bucket !== undefined ? undefined : directUploadProblem(archive.zipBytes)
  const warnings = [...unserved, ...(direct ? [`publish is false, but a publish would fail: ${direct}`] : [])]
  const findings =
    inputs.compatibilityCheck === 'off'
      ? []
      : compatibilityFindings(produced.nativeFiles, inputs.runtime, inputs.architectures)
  if (findings.length > 0 && inputs.compatibilityCheck === 'error') {
    const shown = findings.slice(0, 5).map(formatFinding).join('; ')
    const more = findings.length > 5 ? ` (and ${findings.length - 5} more, listed in the log)` : ''
    problems.push(
      `${findings.length} native file(s) would not load on ${inputs.runtime.id} ${inputs.architectures.join('+')}: ${shown}${more}`
    )
  }
  return { findings, largest, problems, warnings }
}
