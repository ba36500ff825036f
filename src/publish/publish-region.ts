import {
  AddLayerVersionPermissionCommand,
  PublishLayerVersionCommand,
  type Architecture as LambdaArchitecture,
  type Runtime as LambdaRuntimeId
} from '@aws-sdk/client-lambda'
import type { PermissionGrant } from '../principals.js'
import type { Architecture } from '../inputs.js'
import { awsErrorMessage } from './error-message.js'
import { createLambdaClient } from './lambda-client.js'

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

export type RegionStatus = 'published' | 'failed'

export interface RegionResult {
  region: string
  status: RegionStatus
  /** Set whenever a version was created, even if a later step in the region failed. */
  layerVersionArn?: string
  version?: number
  /** Statement ids granted on the new version. */
  grantedStatements: string[]
  error?: string
}

/** Publishes one layer version in one region, then grants each principal access to it. */
export async function publishToRegion(region: string, publication: LayerPublication): Promise<RegionResult> {
  const client = createLambdaClient(region)
  const result: RegionResult = { region, status: 'failed', grantedStatements: [] }
  try {
    let published
    try {
      published = await client.send(
        new PublishLayerVersionCommand({
          LayerName: publication.layerName,
          Content: { ZipFile: publication.zip },
          CompatibleRuntimes: publication.compatibleRuntimes as LambdaRuntimeId[],
          CompatibleArchitectures: publication.architectures as LambdaArchitecture[],
          Description: publication.description,
          LicenseInfo: publication.licenseInfo
        })
      )
    } catch (error) {
      return { ...result, error: awsErrorMessage(region, 'PublishLayerVersion', error) }
    }
    result.layerVersionArn = published.LayerVersionArn
    result.version = published.Version
    if (published.Content?.CodeSha256 !== publication.codeSha256) {
      return {
        ...result,
        error: `${region}: PublishLayerVersion stored CodeSha256 ${published.Content?.CodeSha256}, expected ${publication.codeSha256}`
      }
    }
    for (const grant of publication.grants) {
      try {
        await client.send(
          new AddLayerVersionPermissionCommand({
            LayerName: publication.layerName,
            VersionNumber: published.Version,
            StatementId: grant.statementId,
            Action: 'lambda:GetLayerVersion',
            Principal: grant.principal,
            OrganizationId: grant.organizationId
          })
        )
        result.grantedStatements.push(grant.statementId)
      } catch (error) {
        return { ...result, error: awsErrorMessage(region, `AddLayerVersionPermission (${grant.statementId})`, error) }
      }
    }
    return { ...result, status: 'published' }
  } finally {
    client.destroy()
  }
}
