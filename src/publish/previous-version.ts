import { GetLayerVersionCommand, ListLayerVersionsCommand } from '@aws-sdk/client-lambda'
import * as core from '@actions/core'
import { createRegionClients } from './aws-clients.js'
import { awsErrorMessage } from './aws-errors.js'
import { RegionRetry } from './region-retry.js'
import { packagesInZip } from '../package/read-package-manifest.js'
import type { LayerPackage } from '../package/package-manifest.js'

/** Content.Location is valid for 10 minutes; a download that takes longer than this is given up. */
const DOWNLOAD_TIMEOUT_MS = 120_000

/** The layer's newest version in one region before this run published, with its packages when they could be read. */
export type PreviousVersion =
  | { kind: 'none'; region: string }
  /** ListLayerVersions or GetLayerVersion failed. */
  | { kind: 'unavailable'; region: string; reason: string }
  | {
      kind: 'found'
      region: string
      version: number
      layerVersionArn: string
      codeSha256: string
      codeSize: number
      /** Its packages: read from its zip, or this build's when the bytes are the same. */
      packages?: LayerPackage[]
      /** Why the packages could not be read (the download or the zip failed). */
      unreadable?: string
    }

export interface CurrentLayer {
  layerName: string
  codeSha256: string
  packages: LayerPackage[]
}

/** Downloads Content.Location (a presigned URL: never logged, it carries a signature). */
async function download(location: string): Promise<Buffer> {
  const response = await fetch(location, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim())
  return Buffer.from(await response.arrayBuffer())
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  const message = error instanceof Error ? error.message : String(error)
  return cause?.code ? `${message} (${cause.code})` : message
}

/**
 * Reads the newest version of the layer in `region` (ListLayerVersions, GetLayerVersion) and the
 * packages of its zip from Content.Location. Never throws: a failed call or download is reported in
 * the result, and publishing goes on.
 */
export async function readPreviousVersion(
  region: string,
  current: CurrentLayer,
  retryTimeoutMs: number
): Promise<PreviousVersion> {
  // Its own retry-timeout budget: reading what changed never eats into the region's publishing budget.
  const clients = createRegionClients(new RegionRetry(region, retryTimeoutMs, line => core.info(line)))
  const client = clients.lambda
  let operation = 'ListLayerVersions'
  try {
    const listed = await client.send(new ListLayerVersionsCommand({ LayerName: current.layerName, MaxItems: 1 }))
    const newest = listed.LayerVersions?.[0]?.Version
    if (newest === undefined) return { kind: 'none', region }
    operation = 'GetLayerVersion'
    const stored = await client.send(
      new GetLayerVersionCommand({ LayerName: current.layerName, VersionNumber: newest })
    )
    const found = {
      kind: 'found' as const,
      region,
      version: newest,
      layerVersionArn: stored.LayerVersionArn ?? '',
      codeSha256: stored.Content?.CodeSha256 ?? '',
      codeSize: stored.Content?.CodeSize ?? 0
    }
    if (found.codeSha256 === current.codeSha256) return { ...found, packages: current.packages }
    const location = stored.Content?.Location
    if (!location) return { ...found, unreadable: 'GetLayerVersion gave no Content.Location' }
    try {
      return { ...found, packages: packagesInZip(await download(location)) }
    } catch (error) {
      return { ...found, unreadable: `downloading its Content.Location failed: ${reason(error)}` }
    }
  } catch (error) {
    return { kind: 'unavailable', region, reason: awsErrorMessage(region, error, operation) }
  } finally {
    clients.destroy()
  }
}
