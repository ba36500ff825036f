import { callerIdentity, type CallerIdentity } from './caller-identity.js'
import { enabledRegions } from './enabled-regions.js'
import { checkAgainstAccount, type AccountCheckOptions } from './account-checks.js'

/** Where STS is asked when the regions are not known yet (regions: all without AWS_REGION). */
const DEFAULT_REGION = 'us-east-1'

export interface PreflightResult {
  identity: CallerIdentity
  /** The regions to publish to: the input's, or every region enabled for the account (regions: all). */
  regions: string[]
}

/** The region STS (and, for regions: all, Account) is called in: the first region, else the runner's. */
export function identityRegion(regions: string[], env: NodeJS.ProcessEnv): string {
  return regions[0] ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION)
}

/**
 * Before anything is built: resolves the credentials and their account (STS GetCallerIdentity),
 * resolves regions: all (Account ListRegions, in the partition of the credentials) and checks
 * the inputs against that account. Throws one line naming the fix.
 */
export async function preflight(options: AccountCheckOptions, env: NodeJS.ProcessEnv): Promise<PreflightResult> {
  const region = identityRegion(options.regions, env)
  const identity = await callerIdentity(region)
  const regions = options.allRegions ? await enabledRegions(region) : options.regions
  checkAgainstAccount({ ...options, regions }, identity)
  return { identity, regions }
}
