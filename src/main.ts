import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readInputs, templateValues, type ActionInputs } from './inputs/read-inputs.js'
import { expandTemplate } from './inputs/templates.js'
import { stagingKey } from './publish/s3-staging.js'
import { planFromSources } from './plan/sources.js'
import { createWorkspace } from './install/workspace.js'
import { produceArchive } from './package/produce-archive.js'
import { checkArchive } from './checks/check-archive.js'
import { timedGroup } from './model/timed-group.js'
import { publishWithDescriptions } from './publish/per-region-description.js'
import type { ArchiveContent, PublishOptions, RegionResult } from './publish/publish-region.js'
import { ArchiveError, type LayerArchive } from './package/zip-archive.js'
import { logChecks, logRegionResult } from './report/log-lines.js'
import { warnAboutInputs } from './inputs/input-warnings.js'
import { actionOutputs, failureMessage, functionsFoundNowhere, interruptionMessage } from './report/outputs.js'
import { writeSummary, type SummaryContent } from './report/summary.js'
import { PublishProgress, untilInterrupted } from './publish/interruption.js'
import { Input, Output } from './model/action-io.js'
import { protectSecrets } from './report/redact.js'
import { describeBuildEnvironment, detectBuildEnvironment, environmentNote } from './install/build-environment.js'
import { InputError } from './model/errors.js'
import { verifyLayer, verifyProblem } from './verify/verify-layer.js'
import { readWorkflowRun } from './inputs/github-context.js'
import { expandDescription, readDescription } from './inputs/description.js'
import { runSource, type WorkflowRun } from './model/workflow-run.js'
import { recordPackages } from './package/read-package-manifest.js'
import type { LayerPackage } from './package/package-manifest.js'
import { readPreviousVersion, type PreviousVersion } from './publish/previous-version.js'
import { preflight } from './preflight/preflight.js'

/**
 * When publishing: the credentials, their account and regions: all, resolved before the build;
 * the inputs checked against that account. Returns the inputs with the regions resolved.
 */
async function resolveAccount(inputs: ActionInputs): Promise<ActionInputs> {
  if (!inputs.publish) return inputs
  const bucketTemplate = inputs.s3Bucket
  const { identity, regions } = await preflight(
    {
      regions: inputs.regions,
      allRegions: inputs.allRegions,
      grants: inputs.grants,
      functions: inputs.functions,
      bucketFor: bucketTemplate === undefined ? undefined : region => expandTemplate(bucketTemplate, { region })
    },
    process.env
  )
  core.info(`AWS credentials: ${identity.arn}`)
  if (inputs.allRegions)
    core.info(`regions: all is ${regions.length} region(s) enabled for the account: ${regions.join(', ')}`)
  return { ...inputs, regions }
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

/** Reading the version before (for the summary only) retries at most this long, within retry-timeout. */
const PREVIOUS_VERSION_RETRY_MS = 60_000

/** The newest version before this run in the first region, to show what changed; problems are warnings. */
async function previousVersion(inputs: ActionInputs, codeSha256: string, packages: LayerPackage[]) {
  const region = inputs.regions[0]
  const current = { layerName: inputs.layerName, codeSha256, packages }
  const previous = await timedGroup(`Compare with the newest version in ${region}`, () =>
    readPreviousVersion(region, current, Math.min(inputs.retryTimeoutMs, PREVIOUS_VERSION_RETRY_MS))
  )
  if (previous.kind === 'unavailable') core.warning(`Changes since the version before not shown: ${previous.reason}`)
  if (previous.kind === 'found' && previous.unreadable)
    core.warning(`${region}: packages of version ${previous.version} not compared: ${previous.unreadable}`)
  return previous
}

async function publish(
  inputs: ActionInputs,
  archive: LayerArchive,
  progress: PublishProgress,
  run: WorkflowRun
): Promise<RegionResult[]> {
  const content = await archiveContent(inputs, archive)
  const publication = {
    layerName: inputs.layerName,
    content,
    codeSha256: archive.codeSha256,
    compatibleRuntimes: inputs.compatibleRuntimes,
    architectures: inputs.architectures,
    licenseInfo: inputs.licenseInfo,
    grants: inputs.grants
  }
  const template = inputs.description
  const descriptionFor = (region: string) =>
    template === undefined ? undefined : expandDescription(template, templateValues(inputs, region), run)
  return timedGroup(`Publish to ${inputs.regions.length} region(s)`, async () => {
    const results = await publishWithDescriptions(inputs.regions, publication, descriptionFor, publishOptions(inputs), {
      started: region => progress.started(region),
      versionKnown: (region, version) => progress.versionKnown(region, version),
      finished: result => {
        progress.finished(result)
        logRegionResult(result, inputs.onRegionFailure)
      }
    })
    for (const name of functionsFoundNowhere(results))
      core.warning(`update-functions: no function ${name} in any region published to.`)
    return results
  })
}

/** The outputs (for the regions done) and the step summary. */
async function writeReport(content: SummaryContent): Promise<void> {
  const context = { firstRegion: content.inputs.regions[0], packageManifest: content.packages?.path }
  for (const [name, value] of Object.entries(actionOutputs(content.produced.archive, content.results ?? [], context)))
    core.setOutput(name, value)
  core.setOutput(Output.Verified, content.verification?.verified ?? 'skipped')
  if (process.env.GITHUB_STEP_SUMMARY) await writeSummary(content)
}

/** Publishes; when the runner cancels the step meanwhile, reports the regions done so far and fails. */
async function publishUnlessCancelled(
  inputs: ActionInputs,
  report: Omit<SummaryContent, 'results'> & { workflowRun: WorkflowRun }
): Promise<RegionResult[]> {
  const progress = new PublishProgress(inputs.regions)
  return untilInterrupted(
    () => publish(inputs, report.produced.archive, progress, report.workflowRun),
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

/** The action: inputs → account (when publishing) → plan → build → package → check → verify → publish → report. */
export async function run(): Promise<void> {
  const redact = protectSecrets(process.env)
  try {
    const workflowRun = readWorkflowRun()
    const given = readInputs(name => core.getInput(name), process.env, workflowRun)
    warnAboutInputs(given)
    const inputs = await resolveAccount(given)
    // regions: all is known only now: the description's length is checked again with every region.
    if (inputs.allRegions && inputs.description !== undefined)
      readDescription(inputs.description, inputs.regions, region => templateValues(inputs, region), workflowRun)
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
    const checked = checkArchive(produced, inputs, plan)
    logChecks(checked, inputs.compatibilityCheck)
    const { runtime, architectures, verify, verifyImage } = inputs
    const verification =
      checked.problems.length > 0
        ? undefined
        : await timedGroup('Verify the layer loads', () =>
            verifyLayer(
              produced.archive.path,
              plan,
              { runtime, architectures, verify, verifyImage, region: inputs.regions[0] },
              workspace.root
            )
          )
    const unloaded = verification && verifyProblem(verification, runtime)
    const checks = { ...checked, problems: [...checked.problems, ...(unloaded ? [unloaded] : [])] }
    // After the checks: a layer refused as an input error leaves no file behind.
    const { archive } = produced
    const packages = await recordPackages(produced.packages, join(workspace.root, `${inputs.layerName}-packages.json`), {
      layerName: inputs.layerName,
      codeSha256: archive.codeSha256,
      source: runSource(workflowRun)
    })
    core.info(`${packages.list.length} package(s) listed in ${packages.path}`)
    const publishing = inputs.publish && checks.problems.length === 0
    const previous: PreviousVersion | undefined = publishing
      ? await previousVersion(inputs, archive.codeSha256, packages.list)
      : undefined
    const report = { inputs, produced, checks, redact, buildEnvironment, verification, workflowRun, packages, previous }
    const results = publishing ? await publishUnlessCancelled(inputs, report) : undefined
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
