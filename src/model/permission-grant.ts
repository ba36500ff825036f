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
