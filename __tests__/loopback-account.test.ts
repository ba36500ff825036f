import { AccountClient, ListRegionsCommand, paginateListRegions } from '@aws-sdk/client-account'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { useLoopbackServer } from './helpers/loopback.js'
import { TEST_CREDENTIALS } from './helpers/run-action.js'

const server = useLoopbackServer()

const credentials = {
  accessKeyId: TEST_CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: TEST_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
  sessionToken: TEST_CREDENTIALS.AWS_SESSION_TOKEN
}
const sts = (region: string) => new STSClient({ region, endpoint: server.url, credentials, maxAttempts: 1 })
const account = (region: string) => new AccountClient({ region, endpoint: server.url, credentials, maxAttempts: 1 })

describe('loopback STS GetCallerIdentity, read by the real SDK client', () => {
  it('answers the server account, with an ARN in the partition of the signing region', async () => {
    const answer = await sts('eu-west-1').send(new GetCallerIdentityCommand({}))
    expect(answer).toMatchObject({ Account: '123456789012', UserId: expect.stringMatching(/^AROA/) })
    expect(answer.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\//)
    expect((await sts('cn-north-1').send(new GetCallerIdentityCommand({}))).Arn).toMatch(/^arn:aws-cn:sts::/)
    expect((await sts('us-gov-west-1').send(new GetCallerIdentityCommand({}))).Arn).toMatch(/^arn:aws-us-gov:sts::/)
    expect(server.accountRequests.map(request => [request.service, request.operation, request.status])).toEqual([
      ['sts', 'GetCallerIdentity', 200],
      ['sts', 'GetCallerIdentity', 200],
      ['sts', 'GetCallerIdentity', 200]
    ])
    expect(server.requests).toEqual([])
  })

  it('answers a refusal in the Query error shape, with its status', async () => {
    server.setCallerIdentity({ refuse: 'InvalidClientTokenId' })
    const error = await sts('eu-west-1')
      .send(new GetCallerIdentityCommand({}))
      .catch((caught: unknown) => caught as Error & { $metadata: { httpStatusCode: number } })
    expect(error).toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 }
    })
  })

  it('answers another account when set', async () => {
    server.setCallerIdentity({ account: '210987654321' })
    expect((await sts('eu-west-1').send(new GetCallerIdentityCommand({}))).Account).toBe('210987654321')
  })
})

describe('loopback Account ListRegions, read by the real SDK client', () => {
  it('filters by opt-in status and pages by at most 10, in the partition of the signing region', async () => {
    const names: string[] = []
    let pages = 0
    for await (const page of paginateListRegions(
      { client: account('us-east-1') },
      { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] }
    )) {
      pages += 1
      expect(page.Regions?.length).toBeLessThanOrEqual(10)
      names.push(...(page.Regions ?? []).map(region => region.RegionName as string))
    }
    expect(pages).toBe(2)
    expect(names).toHaveLength(17)
    expect(names).toContain('eu-west-1')
    expect(names).not.toContain('af-south-1')
    expect(names).not.toContain('cn-north-1')
    const china = await account('cn-northwest-1').send(new ListRegionsCommand({}))
    expect(china.Regions?.map(region => region.RegionName)).toEqual(['cn-north-1', 'cn-northwest-1'])
  })

  it('refuses a MaxResults out of range, and answers a set failure in the REST-JSON error shape', async () => {
    await expect(account('us-east-1').send(new ListRegionsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'ValidationException'
    })
    server.setAccountFailure({ status: 403, type: 'AccessDeniedException', message: 'not authorized' })
    await expect(account('us-east-1').send(new ListRegionsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'not authorized',
      $metadata: { httpStatusCode: 403 }
    })
  })
})
