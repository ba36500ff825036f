import {
  PublishLayerVersionCommand,
  type Architecture as LambdaArchitecture,
  type LambdaClient,
  type Runtime as LambdaRuntimeId
} from '@aws-sdk/client-lambda'
import { awsErrorMessage } from './error-message.js'
import { createLambdaClient } from './lambda-client.js'
import { isTransient } from './lambda-errors.js'
import { backoffDelay, realSleep, retryAfterSeconds, type Sleep } from './backoff.js'
import {
  findIdenticalLatest,
  findVersionCreatedSince,
  type ExistingVersion,
  type VersionIdentity
} from './existing-versions.js'
import { ensurePermissions } from './permissions.js'
import { pruneOldVersions } from './keep-versions.js'
import { createSsmClient, writeArnParameter } from './ssm-parameter.js'
import { createS3Client, deleteStagedArchive, uploadArchive } from './s3-staging.js'
import type { Limiter } from './run-bounded.js'
import { updateFunctionsInRegion, type FunctionTarget, type FunctionUpdate } from './update-functions.js'
import type { Architecture } from '../model/architecture.js'
import { type PermissionGrant } from '../model/permission-grant.js'

/** Where Lambda takes the zip from: the request body, or an object staged in the region's bucket. */
export type ArchiveContent =
  | { kind: 'zip'; bytes: Buffer }
  | { kind: 's3'; bucketFor: (region: string) => string; key: string; zipPath: string; keepStaged: boolean }

/** What is published, the same in every region. */
export interface LayerPublication {
  layerName: string
  content: ArchiveContent
  codeSha256: string
  compatibleRuntimes: string[]
  architectures: Architecture[]
  description?: string
  licenseInfo?: string
  grants: PermissionGrant[]
}

export interface PublishOptions {
  /** Reuse the newest version when it has the same bytes and metadata. */
  skipUnchanged: boolean
  /** SSM parameter name to write the ARN to, per region. */
  ssmParameterFor?: (region: string) => string
  /** Keep only this many newest versions (0 keeps all). */
  keepVersions: number
  functions: FunctionTarget[]
  attach: boolean
  /** How often PublishLayerVersion is sent at most, counting the first time. */
  maxPublishAttempts: number
  /** Shared by all regions: bounds how many direct (ZipFile) uploads are in flight at once. */
  limitUploads?: Limiter
  sleep?: Sleep
}

export type RegionStatus = 'published' | 'reused' | 'failed'

export interface RegionResult {
  region: string
  status: RegionStatus
  /** Set whenever a version exists for this run, even if a later step in the region failed. */
  layerVersionArn?: string
  version?: number
  /** True when a publish whose response was lost had created the version, and it was adopted. */
  adopted?: boolean
  /** Statement ids this run added. */
  grantedStatements: string[]
  /** Old versions deleted by keep-versions. */
  deletedVersions: number[]
  /** SSM parameter holding the ARN. */
  ssmParameter?: string
  /** False when the parameter already held the ARN and was left alone. */
  ssmParameterWritten?: boolean
  functions: FunctionUpdate[]
  /** Problems that did not fail the region, e.g. a staged object left behind. */
  warnings: string[]
  error?: string
}

/**
 * Margin for the difference between our clock and Lambda's when matching a lost publish: wide
 * enough for a runner's NTP-synced clock, narrow enough not to adopt another run's older version.
 */
const CLOCK_SKEW_MS = 60 * 1000

function identityOf(publication: LayerPublication): VersionIdentity {
  return {
    layerName: publication.layerName,
    codeSha256: publication.codeSha256,
    compatibleRuntimes: publication.compatibleRuntimes,
    architectures: publication.architectures,
    description: publication.description,
    licenseInfo: publication.licenseInfo
  }
}

/** A throttle means the request was refused; anything else transient may have been carried out. */
function mayHaveCreatedVersion(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode
  return status !== 429 && (error as Error)?.name !== 'TooManyRequestsException'
}

/**
 * Sends PublishLayerVersion, retrying transient failures with backoff. Before re-sending after a
 * failure that may have been carried out, looks for the version it created and adopts it, so a
 * lost response never leaves two versions.
 */
async function publishWithoutDuplicates(
  publishClient: LambdaClient,
  readClient: LambdaClient,
  publication: LayerPublication,
  content: { ZipFile: Buffer } | { S3Bucket: string; S3Key: string },
  options: PublishOptions
): Promise<ExistingVersion & { adopted: boolean }> {
  const sleep = options.sleep ?? realSleep
  const startedAt = Date.now() - CLOCK_SKEW_MS
  for (let attempt = 1; ; attempt++) {
    try {
      const command = new PublishLayerVersionCommand({
        LayerName: publication.layerName,
        Content: content,
        CompatibleRuntimes: publication.compatibleRuntimes as LambdaRuntimeId[],
        CompatibleArchitectures: publication.architectures as LambdaArchitecture[],
        Description: publication.description,
        LicenseInfo: publication.licenseInfo
      })
      const send = () => publishClient.send(command)
      const published = await ('ZipFile' in content && options.limitUploads ? options.limitUploads(send) : send())
      if (published.Content?.CodeSha256 !== publication.codeSha256) {
        throw new Error(`Lambda stored CodeSha256 ${published.Content?.CodeSha256}, expected ${publication.codeSha256}`)
      }
      return {
        layerVersionArn: published.LayerVersionArn as string,
        version: published.Version as number,
        adopted: false
      }
    } catch (error) {
      if (!isTransient(error)) throw error
      const lastAttempt = attempt >= options.maxPublishAttempts
      if (lastAttempt && !mayHaveCreatedVersion(error)) throw error
      await sleep(backoffDelay(attempt, retryAfterSeconds(error)))
      if (mayHaveCreatedVersion(error)) {
        // Even after the last attempt: a version the lost call created is adopted, not left unreported.
        const lookup = findVersionCreatedSince(readClient, identityOf(publication), startedAt)
        const created = await (lastAttempt ? lookup.catch(() => undefined) : lookup)
        if (created) return { ...created, adopted: true }
      }
      if (lastAttempt) throw error
    }
  }
}

/** Publishes a new version from the request body, or from an object staged in the region's bucket. */
async function publishNewVersion(
  region: string,
  clients: { read: LambdaClient; publish: LambdaClient },
  publication: LayerPublication,
  options: PublishOptions,
  result: RegionResult,
  step: (name: string) => void
): Promise<ExistingVersion & { adopted: boolean }> {
  const { content } = publication
  if (content.kind === 'zip') {
    step('PublishLayerVersion')
    return publishWithoutDuplicates(clients.publish, clients.read, publication, { ZipFile: content.bytes }, options)
  }
  const bucket = content.bucketFor(region)
  const s3 = createS3Client(region)
  let staged = false
  try {
    step(`S3 upload to s3://${bucket}/${content.key}`)
    await uploadArchive(s3, bucket, content.key, content.zipPath)
    staged = true
    step('PublishLayerVersion')
    return await publishWithoutDuplicates(
      clients.publish,
      clients.read,
      publication,
      { S3Bucket: bucket, S3Key: content.key },
      options
    )
  } finally {
    // A failed upload leaves no object behind (a failed multipart upload is aborted).
    if (staged && !content.keepStaged) {
      await deleteStagedArchive(s3, bucket, content.key).catch(error =>
        result.warnings.push(awsErrorMessage(region, `DeleteObject s3://${bucket}/${content.key}`, error))
      )
    }
    s3.destroy()
  }
}

/** After the version is known: permissions, the SSM parameter, old versions, functions. */
async function followUp(
  region: string,
  client: LambdaClient,
  publication: LayerPublication,
  options: PublishOptions,
  result: RegionResult & { layerVersionArn: string; version: number },
  versionIsNew: boolean,
  step: (name: string) => void
): Promise<void> {
  step('AddLayerVersionPermission')
  result.grantedStatements = await ensurePermissions(
    client,
    publication.layerName,
    result.version,
    publication.grants,
    versionIsNew
  )
  if (options.ssmParameterFor) {
    const name = options.ssmParameterFor(region)
    step(`PutParameter (${name})`)
    const ssm = createSsmClient(region)
    try {
      result.ssmParameterWritten = await writeArnParameter(ssm, name, result.layerVersionArn)
      result.ssmParameter = name
    } finally {
      ssm.destroy()
    }
  }
  if (options.keepVersions > 0) {
    step('DeleteLayerVersion')
    result.deletedVersions = await pruneOldVersions(client, publication.layerName, options.keepVersions, result.version)
  }
  if (options.functions.length > 0) {
    result.functions = await updateFunctionsInRegion(
      client,
      region,
      options.functions,
      result.layerVersionArn,
      options.attach,
      options.sleep ?? realSleep
    )
  }
}

/**
 * Brings one region to a version of the layer with our content and permissions: reuses an
 * identical newest version, or publishes a new one; then adds any missing permission statement,
 * writes the SSM parameter, prunes old versions and updates functions.
 */
export async function publishToRegion(
  region: string,
  publication: LayerPublication,
  options: PublishOptions
): Promise<RegionResult> {
  const clients = { read: createLambdaClient(region), publish: createLambdaClient(region, { maxAttempts: 1 }) }
  const result: RegionResult = {
    region,
    status: 'failed',
    grantedStatements: [],
    deletedVersions: [],
    functions: [],
    warnings: []
  }
  let operation = 'ListLayerVersions'
  const step = (name: string) => {
    operation = name
  }
  try {
    let version: ExistingVersion | undefined
    let status: RegionStatus = 'published'
    if (options.skipUnchanged) {
      version = await findIdenticalLatest(clients.read, identityOf(publication))
      if (version) status = 'reused'
    }
    if (!version) {
      const published = await publishNewVersion(region, clients, publication, options, result, step)
      result.adopted = published.adopted
      version = published
    }
    const known = Object.assign(result, { layerVersionArn: version.layerVersionArn, version: version.version })
    await followUp(region, clients.read, publication, options, known, status === 'published' && !result.adopted, step)
    return { ...result, status }
  } catch (error) {
    const statementId = (error as { statementId?: string }).statementId
    const where = statementId ? `${operation} (${statementId})` : operation
    return { ...result, status: 'failed', error: awsErrorMessage(region, where, error) }
  } finally {
    clients.read.destroy()
    clients.publish.destroy()
  }
}
