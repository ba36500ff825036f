import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { readInputs, type ActionInputs } from './inputs.js'
import { isPublic } from './principals.js'
import { planFromSources } from './sources.js'
import { createWorkspace } from './build/workspace.js'
import { produceArchive } from './produce-archive.js'
import { checkArchive } from './check-archive.js'
import { timedGroup } from './logging.js'
import { publishToAllRegions } from './publish/publish-all.js'
import type { RegionResult } from './publish/publish-region.js'
import type { LayerArchive } from './package/zip-archive.js'
import { actionOutputs, failureLines } from './report.js'
import { writeSummary } from './summary.js'
import { ArchiveError } from './package/zip-archive.js'
import { InputError } from './input-parsing.js'
import { Input } from './action-io.js'

function warnAboutInputs(inputs: ActionInputs): void {
  if (inputs.runtime.deprecatedOn) {
    core.warning(`${inputs.runtime.id} was deprecated by Lambda on ${inputs.runtime.deprecatedOn}; consider a newer runtime.`)
  }
  if (isPublic(inputs.grants)) {
    core.warning(`principal "*" makes every version of ${inputs.layerName} published by this step public to all AWS accounts.`)
  }
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
    })
    for (const result of results) {
      if (result.status === 'published') core.info(`${result.region}: ${result.layerVersionArn}`)
      else core.error(result.error ?? `${result.region}: failed`)
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
    const { archive } = await produceArchive(plan, inputs, workspace).catch(error => {
      if (error instanceof ArchiveError) throw new InputError(Input.Archive, `${error.message}.`)
      throw error
    })
    checkArchive(archive, inputs.runtime, plan)
    const results = inputs.publish ? await publish(inputs, archive) : undefined
    for (const [name, value] of Object.entries(actionOutputs(archive, results ?? []))) core.setOutput(name, value)
    if (process.env.GITHUB_STEP_SUMMARY) await writeSummary(inputs, archive, results)
    const failures = failureLines(results ?? [])
    if (failures.length > 0) {
      core.setFailed(`Publishing failed in ${failures.length} of ${inputs.regions.length} region(s): ${failures.join('; ')}`)
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}
