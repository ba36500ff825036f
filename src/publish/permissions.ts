import {
  AddLayerVersionPermissionCommand,
  GetLayerVersionPolicyCommand,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { isNotFound, withSubject } from './aws-errors.js'
import { type PermissionGrant } from '../model/permission-grant.js'

async function existingStatementIds(client: LambdaClient, layerName: string, version: number): Promise<Set<string>> {
  try {
    const response = await client.send(
      new GetLayerVersionPolicyCommand({ LayerName: layerName, VersionNumber: version })
    )
    const policy = JSON.parse(response.Policy ?? '{}') as { Statement?: Array<{ Sid?: string }> }
    return new Set((policy.Statement ?? []).map(statement => statement.Sid ?? ''))
  } catch (error) {
    if (isNotFound(error)) return new Set()
    throw error
  }
}

/**
 * Makes sure every grant has its statement on the version, adding only the missing ones. A
 * statement that turns out to exist already (ResourceConflictException) counts as granted.
 * Returns the statement ids added.
 */
export async function ensurePermissions(
  client: LambdaClient,
  layerName: string,
  version: number,
  grants: PermissionGrant[],
  versionIsNew: boolean
): Promise<string[]> {
  if (grants.length === 0) return []
  const existing = versionIsNew ? new Set<string>() : await existingStatementIds(client, layerName, version)
  const added: string[] = []
  for (const grant of grants.filter(candidate => !existing.has(candidate.statementId))) {
    try {
      await client.send(
        new AddLayerVersionPermissionCommand({
          LayerName: layerName,
          VersionNumber: version,
          StatementId: grant.statementId,
          Action: 'lambda:GetLayerVersion',
          Principal: grant.principal,
          OrganizationId: grant.organizationId
        })
      )
      added.push(grant.statementId)
    } catch (error) {
      if ((error as Error).name !== 'ResourceConflictException') throw withSubject(error, grant.statementId)
    }
  }
  return added
}
