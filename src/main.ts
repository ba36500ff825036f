import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { readInputs, templateValues, type ActionInputs } from './inputs/read-inputs.js'
import { expandTemplate } from './inputs/templates.js'
import { stagingKey } from './publish/s3-staging.js'
import { currentRuntimes } from './model/runtimes.js'
import { planFromSources } from './plan/sources.js'
import { createWorkspace } from './install/workspace.js'
import { produceArchive } from './package/produce-archive.js'
import { checkArchive, type LayerChecks } from './checks/check-archive.js'
import { formatFinding } from './checks/compatibility.js'
import { timedGroup } from './model/timed-group.js'
import { publishToAllRegions } from './publish/publish-all.js'
import type { ArchiveContent, PublishOptions, RegionResult } from './publish/publish-region.js'
import { ArchiveError, type LayerArchive } from './package/zip-archive.js'
import { formatBytes } from './package/size-limits.js'
import { actionOutputs, failureMessage, functionsFoundNowhere, interruptionMessage } from './report/outputs.js'
import { writeSummary, type SummaryContent } from './report/summary.js'
import { PublishProgress, untilInterrupted } from './publish/interruption.js'
import { Input } from './model/action-io.js'
import { protectSecrets } from './report/redact.js'
import { describeBuildEnvironment, detectBuildEnvironment, environmentNote } from './install/build-environment.js'
import { InputError } from './model/errors.js'
import { isPublic } from './model/permission-grant.js'

function warnAboutInputs(inputs: ActionInputs): void {
  if (inputs.runtime.deprecatedOn) {
    const newer = currentRuntimes(inputs.runtime.family).join(', ')
    core.warning(
      `${inputs.runtime.id} was deprecated by Lambda on ${inputs.runtime.deprecatedOn}: new functions cannot use it and updates stop soon after; move to ${newer}.`
    )
  }
  if (isPublic(inputs.grants)) {
    core.warning(
      `principal "*" makes every version of ${inputs.layerName} published by this step public to all AWS accounts.`
    )
  }
  if (inputs.includeSecrets) {
    core.warning('include-secrets is true: .env files, credentials, private keys and .git are packed into the layer.')
  }
}

function logChecks(checks: LayerChecks, inputs: ActionInputs): void {
  core.info(
    `Largest packages: ${checks.largest.map(entry => `${entry.name} ${formatBytes(entry.bytes)}`).join(', ') || 'none'}`
  )
  const annotate = inputs.compatibilityCheck === 'error' ? core.error : core.warning
  for (const finding of checks.findings) annotate(`Incompatible native file: ${formatFinding(finding)}`)
}

async function archiveContent(inputs: ActionInputs, archive: LayerArchive): Promise<ArchiveContent> {
  const bucketTemplate = inputs.s3Bucket
  if (bucketTemplate === undefined) return { kind: 'zip', bytes: await readFile(archive.path) }
  return {
    kind: 's3',
    bucketFor: region => expandTemplate(bucketTemplate, { region }),
    key: stagingKey(inputs.s3Prefix, inputs.layerName, archive.codeSha256),
    zipPath: archive.path,
    keepStaged: inputs.s3Keep
  }
}

function publishOptions(inputs: ActionInputs): PublishOptions {
  const ssmTemplate = inputs.ssmParameter
  return {
    skipUnchanged: inputs.skipUnchanged,
    retryTimeoutMs: inputs.retryTimeoutMs,
    log: line => core.info(line),
    ssmParameterFor:
      ssmTemplate === undefined ? undefined : region => expandTemplate(ssmTemplate, templateValues(inputs, region)),
    keepVersions: inputs.keepVersions,
    functions: inputs.functions,
    attach: inputs.attach
  }
}

/** Logs one region's result as soon as it is done, so a cancelled step's log shows it too. */
function logRegionResult(result: RegionResult, inputs: ActionInputs): void {
  const annotate = inputs.onRegionFailure === 'fail' ? core.error : core.warning
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

async function publish(
  inputs: ActionInputs,
  archive: LayerArchive,
  progress: PublishProgress
): Promise<RegionResult[]> {
  const content = await archiveContent(inputs, archive)
  const publication = {
    layerName: inputs.layerName,
    content,
    codeSha256: archive.codeSha256,
    compatibleRuntimes: inputs.compatibleRuntimes,
    architectures: inputs.architectures,
    description: inputs.description,
    licenseInfo: inputs.licenseInfo,
    grants: inputs.grants
  }
  return timedGroup(`Publish to ${inputs.regions.length} region(s)`, async () => {
    const results = await publishToAllRegions(inputs.regions, publication, publishOptions(inputs), {
      started: region => progress.started(region),
      versionKnown: (region, version) => progress.versionKnown(region, version),
      finished: result => {
        progress.finished(result)
        logRegionResult(result, inputs)
      }
    })
    for (const name of functionsFoundNowhere(results))
      core.warning(`update-functions: no function ${name} in any region published to.`)
    return results
  })
}

/** The outputs (for the regions done) and the step summary. */
async function writeReport(content: SummaryContent): Promise<void> {
  for (const [name, value] of Object.entries(actionOutputs(content.produced.archive, content.results ?? [])))
    core.setOutput(name, value)
  if (process.env.GITHUB_STEP_SUMMARY) await writeSummary(content)
}

/** Publishes; when the runner cancels the step meanwhile, reports the regions done so far and fails. */
async function publishUnlessCancelled(
  inputs: ActionInputs,
  report: Omit<SummaryContent, 'results'>
): Promise<RegionResult[]> {
  const progress = new PublishProgress(inputs.regions)
  return untilInterrupted(
    () => publish(inputs, report.produced.archive, progress),
    async signal => {
      const snapshot = progress.snapshot()
      await writeReport({ ...report, results: snapshot.done, interrupted: { signal, snapshot } })
      core.setFailed(interruptionMessage(signal, snapshot, inputs.regions.length))
    }
  )
}

function archiveForms(inputs: ActionInputs): string {
  return `expected a zip whose entries are relative paths inside the layer, e.g. ${inputs.runtime.layerPaths[0]}/...`
}

/** The action: inputs → plan → build → package → check → publish → report. */
export async function run(): Promise<void> {
  const redact = protectSecrets(process.env)
  try {
    const inputs = readInputs(name => core.getInput(name), process.env)
    warnAboutInputs(inputs)
    const environment = await detectBuildEnvironment(process.env)
    const buildEnvironment = [describeBuildEnvironment(environment), environmentNote(environment, inputs.runtime)]
      .filter(Boolean)
      .join('; ')
    core.info(`Build environment: ${buildEnvironment}`)
    const plan = await planFromSources(inputs, process.cwd())
    const workspace = await createWorkspace(process.env)
    const produced = await produceArchive(plan, inputs, workspace).catch(error => {
      if (error instanceof ArchiveError)
        throw new InputError(Input.Archive, `${error.message}; ${error.accepted ?? archiveForms(inputs)}.`)
      throw error
    })
    const checks = checkArchive(produced, inputs, plan)
    logChecks(checks, inputs)
    const report = { inputs, produced, checks, redact, buildEnvironment }
    const results =
      inputs.publish && checks.problems.length === 0 ? await publishUnlessCancelled(inputs, report) : undefined
    await writeReport({ ...report, results })
    if (checks.problems.length > 0) {
      core.setFailed(`Not published: ${checks.problems.join('; ')}`)
      return
    }
    const message = failureMessage(results ?? [], inputs.regions.length)
    if (message) {
      if (inputs.onRegionFailure === 'fail') core.setFailed(message)
      else core.warning(`${message} (on-region-failure: warn, so the step passes)`)
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
