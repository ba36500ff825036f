import * as core from '@actions/core'
import { join } from 'node:path'
import { readInputs, templateValues, type ActionInputs } from './inputs/read-inputs.js'
import { planFromSources } from './plan/sources.js'
import { createWorkspace } from './install/workspace.js'
import { produceArchive } from './package/produce-archive.js'
import { checkArchive } from './checks/check-archive.js'
import { timedGroup } from './model/timed-group.js'
import type { RegionResult } from './publish/publish-region.js'
import { ArchiveError } from './package/zip-archive.js'
import { logChecks } from './report/log-lines.js'
import { warnAboutInputs } from './inputs/input-warnings.js'
import { actionOutputs, failureMessage, interruptionMessage } from './report/outputs.js'
import { writeSummary, type SummaryContent } from './report/summary.js'
import { PublishProgress, untilInterrupted } from './publish/interruption.js'
import { Input, Output } from './model/action-io.js'
import { protectSecrets } from './report/redact.js'
import { describeBuildEnvironment, detectBuildEnvironment, environmentNote } from './install/build-environment.js'
import { InputError } from './model/errors.js'
import { verifyLayer, verifyProblem } from './verify/verify-layer.js'
import { readWorkflowRun } from './inputs/github-context.js'
import { readDescription } from './inputs/description.js'
import { runSource, type WorkflowRun } from './model/workflow-run.js'
import { recordPackages } from './package/read-package-manifest.js'
import type { PreviousVersion } from './publish/previous-version.js'

/** The steps that reach AWS (publishing.ts), loaded by a run that publishes. */
type PublishingSteps = typeof import('./publishing.js')

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
  steps: PublishingSteps,
  inputs: ActionInputs,
  report: Omit<SummaryContent, 'results'> & { workflowRun: WorkflowRun }
): Promise<RegionResult[]> {
  const progress = new PublishProgress(inputs.regions)
  return untilInterrupted(
    () => steps.publish(inputs, report.produced.archive, progress, report.workflowRun),
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
    // The AWS SDK is loaded only by a run that publishes.
    const steps: PublishingSteps | undefined = given.publish ? await import('./publishing.js') : undefined
    const inputs = steps ? await steps.resolveAccount(given) : given
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
    const packages = await recordPackages(
      produced.packages,
      join(workspace.root, `${inputs.layerName}-packages.json`),
      {
        layerName: inputs.layerName,
        codeSha256: archive.codeSha256,
        source: runSource(workflowRun)
      }
    )
    core.info(`${packages.list.length} package(s) listed in ${packages.path}`)
    const publishing = steps && checks.problems.length === 0 ? steps : undefined
    const previous: PreviousVersion | undefined = publishing
      ? await publishing.previousVersion(inputs, archive.codeSha256, packages.list)
      : undefined
    const report = { inputs, produced, checks, redact, buildEnvironment, verification, workflowRun, packages, previous }
    const results = publishing ? await publishUnlessCancelled(publishing, inputs, report) : undefined
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
