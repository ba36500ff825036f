import { AccountClient, paginateListRegions, type RegionOptStatus } from '@aws-sdk/client-account'
import { USER_AGENT } from '../publish/aws-clients.js'
import { Input } from '../model/action-io.js'
import { errorLine, InputError } from '../model/errors.js'

/** Regions a caller can use: opted in, or enabled for every account. */
const USABLE: RegionOptStatus[] = ['ENABLED', 'ENABLED_BY_DEFAULT']

/**
 * Every region enabled for the caller's account (Account Management ListRegions, all pages), in
 * the partition of `region`: the one the credentials were checked in.
 */
export async function enabledRegions(region: string): Promise<string[]> {
  const client = new AccountClient({ region, customUserAgent: USER_AGENT })
  const regions: string[] = []
  try {
    for await (const page of paginateListRegions({ client }, { RegionOptStatusContains: USABLE }))
      for (const listed of page.Regions ?? [])
        if (listed.RegionName && USABLE.includes(listed.RegionOptStatus as RegionOptStatus))
          regions.push(listed.RegionName)
  } catch (error) {
    throw new InputError(
      Input.Regions,
      `all needs the account's enabled regions, but Account ListRegions failed (${errorLine(error)}); expected the role to allow account:ListRegions, or a list of regions.`
    )
  } finally {
    client.destroy()
  }
  if (regions.length === 0)
    throw new InputError(
      Input.Regions,
      'all found no enabled region: Account ListRegions listed none ENABLED or ENABLED_BY_DEFAULT; expected a list of regions.'
    )
  return [...new Set(regions)].sort()
}
