import { parseList } from './input-parsing.js'
import { principalPartitionError, principalsOutsidePartition, type PermissionGrant } from '../model/permission-grant.js'
import { partitionOfRegions } from '../model/partition.js'
import { Input } from '../model/action-io.js'
import { InputError, quote } from '../model/errors.js'

const ACCOUNT_ID = /^\d{12}$/
const ACCOUNT_ROOT_ARN = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):root$/
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/

const ACCEPTED_FORMS =
  'expected "*", a 12-digit account id, arn:aws:iam::<account-id>:root or an organization id o-<10-32 lowercase letters/digits>'

function parseOne(value: string): PermissionGrant {
  if (value === '*') return { statementId: 'layer-public', principal: '*' }
  if (ACCOUNT_ID.test(value)) return { statementId: `layer-account-${value}`, principal: value }
  const rootArn = ACCOUNT_ROOT_ARN.exec(value)
  if (rootArn) return { statementId: `layer-account-${rootArn[1]}`, principal: value }
  if (ORGANIZATION_ID.test(value)) {
    return { statementId: `layer-org-${value}`, principal: '*', organizationId: value }
  }
  throw new InputError(Input.Principal, `${quote(value)} is not a principal; ${ACCEPTED_FORMS}.`)
}

/** Parses the principal input into grants with stable statement ids, one per distinct principal. */
export function parsePrincipals(value: string): PermissionGrant[] {
  const grants = new Map<string, PermissionGrant>()
  for (const item of parseList(value)) {
    const grant = parseOne(item)
    if (!grants.has(grant.statementId)) grants.set(grant.statementId, grant)
  }
  return [...grants.values()]
}

/** Parses the principal input and checks that ARNs are in the partition of the regions (when given). */
export function readGrants(value: string, regions: string[]): PermissionGrant[] {
  const grants = parsePrincipals(value)
  const { partition } = partitionOfRegions(regions)
  if (partition === undefined) return grants
  const outside = principalsOutsidePartition(grants, partition)
  if (outside.length > 0) throw principalPartitionError(outside[0], partition, `the regions (${regions.join(', ')})`)
  return grants
}
