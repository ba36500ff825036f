/**
 * main.ts's wiring of the steps that reach AWS: the account preflight, the version before and
 * the publishing itself, each given its slice of the inputs. main.ts loads this module only when
 * it publishes, so the AWS SDK clients stay out of the startup of a run that only builds (and out
 * of the time before the build starts).
 */
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { templateValues, type ActionInputs } from './inputs/read-inputs.js'
import { expandTemplate } from './inputs/templates.js'
import { expandDescription } from './inputs/description.js'
import { stagingKey } from './publish/s3-staging.js'
import { timedGroup } from './model/timed-group.js'
import { publishWithDescriptions } from './publish/per-region-description.js'
import type { ArchiveContent, PublishOptions, RegionResult } from './publish/publish-region.js'
import type { LayerArchive } from './package/zip-archive.js'
import { logRegionResult } from './report/log-lines.js'
import { functionsFoundNowhere } from './report/outputs.js'
import type { PublishProgress } from './publish/interruption.js'
import type { WorkflowRun } from './model/workflow-run.js'
import type { LayerPackage } from './package/package-manifest.js'
import { readPreviousVersion } from './publish/previous-version.js'
import { preflight } from './preflight/preflight.js'

/**
 * When publishing: the credentials, their account and regions: all, resolved before the build;
 * the inputs checked against that account. Returns the inputs with the regions resolved.
 */
export async function resolveAccount(inputs: ActionInputs): Promise<ActionInputs> {
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
export async function previousVersion(inputs: ActionInputs, codeSha256: string, packages: LayerPackage[]) {
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

export async function publish(
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
