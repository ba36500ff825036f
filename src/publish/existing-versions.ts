import {
  GetLayerVersionCommand,
  ListLayerVersionsCommand,
  type GetLayerVersionResponse,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { isNotFound } from './aws-errors.js'

/** What a layer version must match to stand in for the one we would publish. */
export interface VersionIdentity {
  layerName: string
  codeSha256: string
  compatibleRuntimes: string[]
  architectures: string[]
  description?: string
  licenseInfo?: string
}

export interface ExistingVersion {
  layerVersionArn: string
  version: number
}

function sameSet(a: string[] | undefined, b: string[]): boolean {
  const left = [...(a ?? [])].sort()
  const right = [...b].sort()
  return left.length === right.length && left.every((value, index) => value === right[index])
}

/** True when a stored version has our bytes and our metadata. */
export function matchesIdentity(stored: GetLayerVersionResponse, identity: VersionIdentity): boolean {
  return (
    stored.Content?.CodeSha256 === identity.codeSha256 &&
    sameSet(stored.CompatibleRuntimes, identity.compatibleRuntimes) &&
    sameSet(stored.CompatibleArchitectures, identity.architectures) &&
    (stored.Description ?? '') === (identity.description ?? '') &&
    (stored.LicenseInfo ?? '') === (identity.licenseInfo ?? '')
  )
}

async function getVersion(
  client: LambdaClient,
  layerName: string,
  version: number
): Promise<GetLayerVersionResponse | undefined> {
  try {
    return await client.send(new GetLayerVersionCommand({ LayerName: layerName, VersionNumber: version }))
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

function asExisting(stored: GetLayerVersionResponse): ExistingVersion {
  return { layerVersionArn: stored.LayerVersionArn as string, version: stored.Version as number }
}

/** The layer's newest version, when it is identical to what we would publish. */
export async function findIdenticalLatest(
  client: LambdaClient,
  identity: VersionIdentity
): Promise<ExistingVersion | undefined> {
  const listed = await client.send(new ListLayerVersionsCommand({ LayerName: identity.layerName, MaxItems: 1 }))
  const latest = listed.LayerVersions?.[0]
  if (latest?.Version === undefined) return undefined
  const stored = await getVersion(client, identity.layerName, latest.Version)
  return stored && matchesIdentity(stored, identity) ? asExisting(stored) : undefined
}

/**
 * A version with our bytes created at or after `since` (ms since epoch): what a publish whose
 * response was lost left behind. Looks at the newest page of versions only.
 */
export async function findVersionCreatedSince(
  client: LambdaClient,
  identity: VersionIdentity,
  since: number
): Promise<ExistingVersion | undefined> {
  const listed = await client.send(new ListLayerVersionsCommand({ LayerName: identity.layerName, MaxItems: 50 }))
  const recent = (listed.LayerVersions ?? []).filter(item => item.CreatedDate && Date.parse(item.CreatedDate) >= since)
  for (const item of recent) {
    const stored = item.Version === undefined ? undefined : await getVersion(client, identity.layerName, item.Version)
    if (stored && matchesIdentity(stored, identity)) return asExisting(stored)
  }
  return undefined
}
