import { awsErrorMessage } from './aws-errors.js'
import { createRegionClients, type RegionClients } from './aws-clients.js'
import { findIdenticalLatest } from './existing-versions.js'
import { runFollowUps } from './follow-ups.js'
import { identityOf, publishWithoutDuplicates, type PublishedVersion } from './publish-call.js'
import { RegionRetry } from './region-retry.js'
import { withStagedArchive } from './s3-staging.js'
import type { KnownVersion, LayerPublication, PublishOptions, RegionResult } from './publish-types.js'

export type {
  ArchiveContent,
  KnownVersion,
  LayerPublication,
  PublishOptions,
  RegionResult,
  RegionStatus
} from './publish-types.js'

/** A step's failure, with the operation to name when the error does not carry one. */
class StepError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: unknown,
    readonly what?: string
  ) {
    super(String(failure))
  }
}

async function step<T>(operation: string, run: () => Promise<T>, what?: string): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw error instanceof StepError ? error : new StepError(operation, error, what)
  }
}

/** Publishes a new version from the request body, or from an object staged in the region's bucket. */
async function publishNewVersion(
  region: string,
  clients: RegionClients,
  retry: RegionRetry,
  publication: LayerPublication,
  options: PublishOptions,
  warnings: string[]
): Promise<PublishedVersion> {
  const { content } = publication
  const publish = (source: { ZipFile: Buffer } | { S3Bucket: string; S3Key: string }, limit = options.limitUploads) =>
    step('PublishLayerVersion', () => publishWithoutDuplicates(clients.lambda, retry, publication, source, limit))
  if (content.kind === 'zip') return publish({ ZipFile: content.bytes })
  const bucket = content.bucketFor(region)
  const where = `s3://${bucket}/${content.key}`
  const staged = { bucket, key: content.key, zipPath: content.zipPath, keep: content.keepStaged }
  const warn = (error: unknown) => warnings.push(awsErrorMessage(region, error, 'DeleteObject', where))
  const publishStaged = () => publish({ S3Bucket: bucket, S3Key: content.key }, undefined)
  return step('PutObject', () => withStagedArchive(clients.s3(), staged, publishStaged, warn), where)
}

/** The region's version: an identical newest one reused, or a new one published (or adopted). */
async function versionFor(
  region: string,
  clients: RegionClients,
  retry: RegionRetry,
  publication: LayerPublication,
  options: PublishOptions,
  warnings: string[]
): Promise<(KnownVersion & { status: 'reused' }) | (PublishedVersion & { status: 'published' })> {
  const reusable = options.skipUnchanged
    ? await step('ListLayerVersions', () => findIdenticalLatest(clients.lambda, identityOf(publication)))
    : undefined
  if (reusable) return { ...reusable, status: 'reused' }
  return { ...(await publishNewVersion(region, clients, retry, publication, options, warnings)), status: 'published' }
}

/**
 * Brings one region to a version of the layer with our content and permissions: reuses an
 * identical newest version, or publishes a new one; then adds any missing permission statement,
 * writes the SSM parameter, prunes old versions and updates functions. `onVersion` hears of the
 * version as soon as it is known.
 */
export async function publishToRegion(
  region: string,
  publication: LayerPublication,
  options: PublishOptions,
  onVersion?: (version: KnownVersion) => void
): Promise<RegionResult> {
  const retry = new RegionRetry(region, options.retryTimeoutMs, options.log)
  const clients = createRegionClients(retry)
  const warnings: string[] = []
  const empty = { region, grantedStatements: [], deletedVersions: [], functions: [], warnings }
  try {
    const found = await versionFor(region, clients, retry, publication, options, warnings)
    const version = { layerVersionArn: found.layerVersionArn, version: found.version }
    const adopted = found.status === 'published' ? found.adopted : undefined
    const { status } = found
    onVersion?.(version)
    const known = { ...empty, ...version, adopted }
    const isNew = status === 'published' && !adopted
    const outcome = await runFollowUps(region, clients, publication, options, version, isNew)
    if (outcome.error)
      return { ...known, ...outcome.fields, status: 'failed', error: outcome.error, missing: outcome.missing }
    return { ...known, ...outcome.fields, status }
  } catch (error) {
    const failure = error instanceof StepError ? error : new StepError('PublishLayerVersion', error)
    return {
      ...empty,
      status: 'failed',
      error: awsErrorMessage(region, failure.failure, failure.operation, failure.what)
    }
  } finally {
    clients.destroy()
  }
}
