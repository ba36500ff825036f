import { Input } from '../model/action-io.js'
import { InputError, quote } from '../model/errors.js'
import { partitionOfRegions } from '../model/partition.js'
import { principalPartitionError, principalsOutsidePartition, type PermissionGrant } from '../model/permission-grant.js'
import { bucketNameError } from '../model/s3-bucket-name.js'
import type { FunctionTarget } from '../publish/update-functions.js'
import type { CallerIdentity } from './caller-identity.js'

/** What the account checks need of the inputs, with the regions resolved. */
export interface AccountCheckOptions {
  regions: string[]
  /** The regions came from regions: all (function ARNs are checked against them here). */
  allRegions: boolean
  grants: PermissionGrant[]
  functions: FunctionTarget[]
  /** The staging bucket's name in a region, when s3-bucket is set. */
  bucketFor?: (region: string) => string
}

const FUNCTION_ARN = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:/

function checkFunctions(options: AccountCheckOptions, identity: CallerIdentity): void {
  for (const target of options.functions) {
    const arn = FUNCTION_ARN.exec(target.name)
    if (!arn) continue
    const [, partition, region, account] = arn
    if (partition !== identity.partition || account !== identity.account) {
      throw new InputError(
        Input.UpdateFunctions,
        `${quote(target.name)} is in account ${account} (${partition}), but the credentials are of account ${identity.account} (${identity.partition}) and publish there; expected functions of that account, by plain name or ARN.`
      )
    }
    if (options.allRegions && !options.regions.includes(region)) {
      throw new InputError(
        Input.UpdateFunctions,
        `${quote(target.name)} is in ${region}, which is not enabled for the account (regions: all found ${options.regions.length}); expected functions in the regions published to, or plain names.`
      )
    }
  }
}

/**
 * Checks the inputs against the account the credentials belong to, before anything is built:
 * regions and principal ARNs in its partition, function ARNs of that account, bucket names for
 * every resolved region.
 */
export function checkAgainstAccount(options: AccountCheckOptions, identity: CallerIdentity): void {
  const { partition } = partitionOfRegions(options.regions)
  if (partition !== undefined && partition !== identity.partition) {
    throw new InputError(
      Input.Regions,
      `${options.regions.join(', ')} are in partition ${partition}, but the credentials are of ${identity.partition} (${identity.arn}); expected regions of ${identity.partition}, or credentials for ${partition}.`
    )
  }
  const outside = principalsOutsidePartition(options.grants, identity.partition)
  if (outside.length > 0) throw principalPartitionError(outside[0], identity.partition, 'the credentials and regions')
  checkFunctions(options, identity)
  const { bucketFor } = options
  if (bucketFor === undefined || !options.allRegions) return
  for (const region of options.regions) {
    const error = bucketNameError(bucketFor(region))
    if (error) throw error
  }
}
