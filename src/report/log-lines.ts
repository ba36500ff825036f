import * as core from '@actions/core'
import type { LayerChecks } from '../checks/check-archive.js'
import { formatFinding, type CompatibilityMode } from '../checks/compatibility.js'
import { formatBytes } from '../package/size-limits.js'
import type { RegionResult } from '../publish/publish-region.js'

/** The checks' results in the log: largest packages, native files that would not load, warnings. */
export function logChecks(checks: LayerChecks, mode: CompatibilityMode): void {
  core.info(
    `Largest packages: ${checks.largest.map(entry => `${entry.name} ${formatBytes(entry.bytes)}`).join(', ') || 'none'}`
  )
  const annotate = mode === 'error' ? core.error : core.warning
  for (const finding of checks.findings) annotate(`Incompatible native file: ${formatFinding(finding)}`)
  for (const warning of checks.warnings) core.warning(warning)
}

/** Logs one region's result as soon as it is done, so a cancelled step's log shows it too. */
export function logRegionResult(result: RegionResult, onRegionFailure: 'fail' | 'warn'): void {
  const annotate = onRegionFailure === 'fail' ? core.error : core.warning
  if (result.status === 'failed') {
    annotate(result.error ?? `${result.region}: failed`)
  } else {
    core.info(
      `${result.region}: ${result.status} ${result.layerVersionArn}${result.adopted ? ' (adopted after a lost response)' : ''}`
    )
  }
  for (const warning of result.warnings) core.warning(warning)
  if (result.ssmParameter)
    core.info(
      `${result.region}: ${result.ssmParameterWritten ? 'wrote' : 'already up to date:'} ${result.ssmParameter}`
    )
  if (result.deletedVersions.length > 0)
    core.info(`${result.region}: deleted old versions ${result.deletedVersions.join(', ')}`)
  for (const update of result.functions) {
    if (update.status === 'failed') annotate(update.error ?? `${result.region}: ${update.function} failed`)
    else
      core.info(
        `${result.region}: function ${update.function} ${update.status}${update.previous ? ` (was ${update.previous})` : ''}`
      )
  }
}
