import { Input } from './action-io.js'
import { InputError, quote } from './errors.js'
import { partitionOfArn } from './partition.js'

/** One AddLayerVersionPermission call: who may use the layer version. */
export interface PermissionGrant {
  statementId: string
  principal: string
  organizationId?: string
}

/** True when a grant opens the layer to every AWS account (no organization condition). */
export function isPublic(grants: PermissionGrant[]): boolean {
  return grants.some(grant => grant.principal === '*' && grant.organizationId === undefined)
}

/** The principals given as ARNs of another partition than `partition` (account and organization ids have none). */
export function principalsOutsidePartition(grants: PermissionGrant[], partition: string): string[] {
  return grants
    .map(grant => grant.principal)
    .filter(principal => principal.startsWith('arn:') && !principal.startsWith(`arn:${partition}:`))
}

/** A principal ARN of another partition than the one published to (`where`): Lambda cannot grant it. */
export function principalPartitionError(principal: string, partition: string, where: string): InputError {
  return new InputError(
    Input.Principal,
    `${quote(principal)} is in partition ${partitionOfArn(principal)}, but ${where} are in ${partition}; expected arn:${partition}:iam::<account-id>:root, a 12-digit account id or an organization id.`
  )
}
