import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { readInputs, type ActionInputs } from './inputs.js'
import { isPublic } from './principals.js'
import { planFromSources } from './sources.js'
import { createWorkspace } from './build/workspace.js'
import { produceArchive } from './produce-archive.js'
import { checkArchive, type LayerChecks } from './check-archive.js'
import { formatFinding } from './checks/compatibility.js'
import { timedGroup } from './logging.js'
import { publishToAllRegions } from './publish/publish-all.js'
import type { RegionResult } from './publish/publish-region.js'
import { ArchiveError, type LayerArchive } from './package/zip-archive.js'
import { formatBytes } from './package/size-limits.js'
import { actionOutputs, failureLines } from './report.js'
import { writeSummary } from './summary.js'
import { InputError } from './input-parsing.js'
import { Input } from './action-io.js'

/** PublishLayerVersion sends per region at most, the first included. */
const MAX_PUBLISH_ATTEMPTS = 6

function warnAboutInputs(inputs: ActionInputs): void {
  if (inputs.runtime.deprecatedOn) {
    core.warning(`${inputs.runtime.id} was deprecated by Lambda on ${inputs.runtime.deprecatedOn}; consider a newer runtime.`)
  }
  if (isPublic(inputs.grants)) {
    core.warning(`principal "*" makes every version of ${inputs.layerName} published by this step public to all AWS accounts.`)
  }
  if (inputs.includeSecrets) {
    core.warning('include-secrets is true: .env files, credentials, private keys and .git are packed into the layer.')
  }
}

function logChecks(checks: LayerChecks, inputs: ActionInputs): void {
  core.info(`Largest packages: ${checks.largest.map(entry => `${entry.name} ${formatBytes(entry.bytes)}`).join(', ') || 'none'}`)
  const annotate = inputs.compatibilityCheck === 'error' ? core.error : core.warning
  for (const finding of checks.findings) annotate(`Incompatible native file: ${formatFinding(finding)}`)
}

async function publish(inputs: ActionInputs, archive: LayerArchive): Promise<RegionResult[]> {
  const zip = await readFile(archive.path)
  return timedGroup(`Publish to ${inputs.regions.length} region(s)`, async () => {
    const results = await publishToAllRegions(inputs.regions, {
      layerName: inputs.layerName,
      zip,
      codeSha256: archive.codeSha256,
      compatibleRuntimes: inputs.compatibleRuntimes,
      architectures: inputs.architectures,
      description: inputs.description,
      licenseInfo: inputs.licenseInfo,
      grants: inputs.grants
    }, { skipUnchanged: inputs.skipUnchanged, maxPublishAttempts: MAX_PUBLISH_ATTEMPTS })
    for (const result of results) {
      if (result.status === 'failed') {
        const annotate = inputs.onRegionFailure === 'fail' ? core.error : core.warning
        annotate(result.error ?? `${result.region}: failed`)
      } else {
        core.info(`${result.region}: ${result.status} ${result.layerVersionArn}${result.adopted ? ' (adopted after a lost response)' : ''}`)
      }
    }
    return results
  })
}

/** The action: inputs → plan → build → package → check → publish → report. */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs(name => core.getInput(name), process.env)
    warnAboutInputs(inputs)
    const plan = await planFromSources(inputs, process.cwd())
    const workspace = await createWorkspace(process.env)
    const produced = await produceArchive(plan, inputs, workspace).catch(error => {
      if (error instanceof ArchiveError) throw new InputError(Input.Archive, `${error.message}.`)
      throw error
    })
    const checks = checkArchive(produced, inputs, plan)
    logChecks(checks, inputs)
    const { archive } = produced
    const results = inputs.publish && checks.problems.length === 0 ? await publish(inputs, archive) : undefined
    for (const [name, value] of Object.entries(actionOutputs(archive, results ?? []))) core.setOutput(name, value)
    if (process.env.GITHUB_STEP_SUMMARY) await writeSummary({ inputs, produced, checks, results })
    if (checks.problems.length > 0) {
      core.setFailed(`Not published: ${checks.problems.join('; ')}`)
      return
    }
    const failures = failureLines(results ?? [])
    if (failures.length > 0) {
      const message = `Publishing failed in ${failures.length} of ${inputs.regions.length} region(s): ${failures.join('; ')}`
      if (inputs.onRegionFailure === 'fail') core.setFailed(message)
      else core.warning(`${message} (on-region-failure: warn, so the step passes)`)
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
