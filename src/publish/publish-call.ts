import {
  PublishLayerVersionCommand,
  type Architecture as LambdaArchitecture,
  type LambdaClient,
  type Runtime as LambdaRuntimeId
} from '@aws-sdk/client-lambda'
import { findVersionCreatedSince, type VersionIdentity } from './existing-versions.js'
import { isRetryable, isThrottled, withSubject } from './aws-errors.js'
import { realSleep, type RegionRetry, type Sleep } from './region-retry.js'
import { retryAfterOf } from './retry-policy.js'
import type { Limiter } from '../model/run-bounded.js'
import type { KnownVersion, LayerPublication } from './publish-types.js'

/**
 * Margin for the difference between our clock and Lambda's when matching a lost publish: wide
 * enough for a runner's NTP-synced clock, narrow enough not to adopt another run's older version.
 */
const CLOCK_SKEW_MS = 60 * 1000

export type PublishedVersion = KnownVersion & { adopted: boolean }

export function identityOf(publication: LayerPublication): VersionIdentity {
  return {
    layerName: publication.layerName,
    codeSha256: publication.codeSha256,
    compatibleRuntimes: publication.compatibleRuntimes,
    architectures: publication.architectures,
    description: publication.description,
    licenseInfo: publication.licenseInfo
  }
}

async function sendPublish(
  client: LambdaClient,
  publication: LayerPublication,
  content: { ZipFile: Buffer } | { S3Bucket: string; S3Key: string },
  limit: Limiter | undefined
): Promise<KnownVersion> {
  const command = new PublishLayerVersionCommand({
    LayerName: publication.layerName,
    Content: content,
    CompatibleRuntimes: publication.compatibleRuntimes as LambdaRuntimeId[],
    CompatibleArchitectures: publication.architectures as LambdaArchitecture[],
    Description: publication.description,
    LicenseInfo: publication.licenseInfo
  })
  const send = () => client.send(command)
  const published = await (limit ? limit(send) : send())
  if (published.Content?.CodeSha256 !== publication.codeSha256) {
    throw new Error(`Lambda stored CodeSha256 ${published.Content?.CodeSha256}, expected ${publication.codeSha256}`)
  }
  return { layerVersionArn: published.LayerVersionArn as string, version: published.Version as number }
}

/** The version a publish whose response was lost created, if any. */
async function lookForLostVersion(
  client: LambdaClient,
  publication: LayerPublication,
  since: number
): Promise<KnownVersion | undefined> {
  try {
    return await findVersionCreatedSince(client, identityOf(publication), since)
  } catch (error) {
    throw withSubject(error, 'looking for the version of a lost PublishLayerVersion response: one may exist')
  }
}

/**
 * Sends PublishLayerVersion within the region's retry budget. The client itself re-sends only
 * throttled calls (refused, so nothing was created); after any other transient failure the call
 * may have been carried out, so this waits, looks for the version it created and adopts it, and
 * sends again only when there is none: a lost response never leaves two versions.
 */
export async function publishWithoutDuplicates(
  client: LambdaClient,
  retry: RegionRetry,
  publication: LayerPublication,
  content: { ZipFile: Buffer } | { S3Bucket: string; S3Key: string },
  limit?: Limiter,
  sleep: Sleep = realSleep
): Promise<PublishedVersion> {
  const startedAt = Date.now() - CLOCK_SKEW_MS
  let failing = false
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await sendPublish(client, publication, content, limit)), adopted: false }
      } catch (error) {
        // A throttle reaching here was retried by the client until the budget ran out.
        if (!isRetryable(error) || isThrottled(error)) throw error
        if (!failing) retry.budget.startFailing()
        failing = true
        const wait = retry.next('PublishLayerVersion', attempt, error, retryAfterOf(error, Date.now()))
        if (wait !== undefined) await sleep(wait)
        // Even when giving up: a version the lost call created is adopted, not left unreported.
        const lookup = lookForLostVersion(client, publication, startedAt)
        const created = await (wait === undefined ? lookup.catch(() => undefined) : lookup)
        if (created) return { ...created, adopted: true }
        if (wait === undefined) throw error
      }
    }
  } finally {
    if (failing) retry.budget.stopFailing()
  }
}
