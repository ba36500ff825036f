import {
  PublishLayerVersionCommand,
  type Architecture as LambdaArchitecture,
  type LambdaClient,
  type Runtime as LambdaRuntimeId
} from '@aws-sdk/client-lambda'
import type { PermissionGrant } from '../principals.js'
import type { Architecture } from '../inputs.js'
import { awsErrorMessage } from './error-message.js'
import { createLambdaClient } from './lambda-client.js'
import { isTransient } from './lambda-errors.js'
import { backoffDelay, realSleep, retryAfterSeconds, type Sleep } from './backoff.js'
import { findIdenticalLatest, findVersionCreatedSince, type ExistingVersion, type VersionIdentity } from './existing-versions.js'
import { ensurePermissions } from './permissions.js'

/** What is published, the same in every region. */
export interface LayerPublication {
  layerName: string
  zip: Buffer
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
  /** How often PublishLayerVersion is sent at most, counting the first time. */
  maxPublishAttempts: number
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
  error?: string
}

/** Margin for the difference between our clock and Lambda's when matching a lost publish. */
const CLOCK_SKEW_MS = 5 * 60 * 1000

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
  options: PublishOptions
): Promise<ExistingVersion & { adopted: boolean }> {
  const sleep = options.sleep ?? realSleep
  const startedAt = Date.now() - CLOCK_SKEW_MS
  for (let attempt = 1; ; attempt++) {
    try {
      const published = await publishClient.send(
        new PublishLayerVersionCommand({
          LayerName: publication.layerName,
          Content: { ZipFile: publication.zip },
          CompatibleRuntimes: publication.compatibleRuntimes as LambdaRuntimeId[],
          CompatibleArchitectures: publication.architectures as LambdaArchitecture[],
          Description: publication.description,
          LicenseInfo: publication.licenseInfo
        })
      )
      if (published.Content?.CodeSha256 !== publication.codeSha256) {
        throw new Error(`Lambda stored CodeSha256 ${published.Content?.CodeSha256}, expected ${publication.codeSha256}`)
      }
      return { layerVersionArn: published.LayerVersionArn as string, version: published.Version as number, adopted: false }
    } catch (error) {
      if (!isTransient(error) || attempt >= options.maxPublishAttempts) throw error
      await sleep(backoffDelay(attempt, retryAfterSeconds(error)))
      if (mayHaveCreatedVersion(error)) {
        const created = await findVersionCreatedSince(readClient, identityOf(publication), startedAt)
        if (created) return { ...created, adopted: true }
      }
    }
  }
}

/**
 * Brings one region to a version of the layer with our content and permissions: reuses an
 * identical newest version, or publishes a new one, then adds any missing permission statement.
 */
export async function publishToRegion(region: string, publication: LayerPublication, options: PublishOptions): Promise<RegionResult> {
  const readClient = createLambdaClient(region)
  const publishClient = createLambdaClient(region, { maxAttempts: 1 })
  const result: RegionResult = { region, status: 'failed', grantedStatements: [] }
  let operation = 'ListLayerVersions'
  try {
    let version: ExistingVersion | undefined
    let status: RegionStatus = 'published'
    if (options.skipUnchanged) {
      version = await findIdenticalLatest(readClient, identityOf(publication))
      if (version) status = 'reused'
    }
    if (!version) {
      operation = 'PublishLayerVersion'
      const published = await publishWithoutDuplicates(publishClient, readClient, publication, options)
      version = published
      result.adopted = published.adopted
    }
    result.layerVersionArn = version.layerVersionArn
    result.version = version.version
    operation = 'AddLayerVersionPermission'
    result.grantedStatements = await ensurePermissions(
      readClient,
      publication.layerName,
      version.version,
      publication.grants,
      status === 'published' && !result.adopted
    )
    return { ...result, status }
  } catch (error) {
    const statementId = (error as { statementId?: string }).statementId
    const where = statementId ? `${operation} (${statementId})` : operation
    return { ...result, status: 'failed', error: awsErrorMessage(region, where, error) }
  } finally {
    readClient.destroy()
    publishClient.destroy()
  }
}
