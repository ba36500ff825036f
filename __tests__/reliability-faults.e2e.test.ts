import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { regionRows } from './helpers/summary-table.js'
import { waitFor } from './helpers/wait-for.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const REGIONS = [
  'eu-west-1',
  'eu-central-1',
  'eu-north-1',
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ap-southeast-2',
  'sa-east-1'
]
const ACCOUNT = '123456789012'

const server = useLoopbackServer()

function inputs(extra: Record<string, string> = {}) {
  return {
    'layer-name': 'flaky',
    runtime: 'nodejs22.x',
    regions: REGIONS.join(' '),
    source: PREBUILT_FIXTURE,
    install: 'false',
    principal: `${ACCOUNT} o-abcdefghij12`,
    ...extra
  }
}

const arnOf = (region: string, version: number) => `arn:aws:lambda:${region}:${ACCOUNT}:layer:flaky:${version}`
const requestsIn = (region: string) => server.requests.filter(request => request.region === region)
const publishCalls = () => server.requests.filter(request => request.operation === 'PublishLayerVersion')

/** Every other request of every region throttled, plus transient 5xx and, in two regions, a lost publish response. */
function flakyEverywhere(): void {
  for (const region of REGIONS) {
    const lost = region === 'us-east-2' || region === 'sa-east-1' ? 1 : 0
    server.setRegionFaults(region, {
      throttleEvery: 2,
      serverErrors: 1,
      retryAfterSeconds: 0,
      dropResponseAfterPublish: lost
    })
  }
}

async function publishOldVersionEverywhere(): Promise<void> {
  const first = await runAction(inputs({ description: 'previous build' }), { endpoint: server.url })
  expect(first.exitCode).toBe(0)
  server.requests.length = 0
}

describe('faults in every region', () => {
  it('with half of all calls throttled, 5xx and lost responses, every region ends with exactly one new version', async () => {
    await publishOldVersionEverywhere()
    flakyEverywhere()
    const run = await runAction(inputs({ description: 'this build', 'keep-versions': '1' }), { endpoint: server.url })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    for (const region of REGIONS) {
      const requests = requestsIn(region)
      const throttled = requests.filter(request => request.status === 429).length
      expect(throttled).toBe(Math.ceil(requests.length / 2))
      expect(requests.filter(request => request.status === 500)).toHaveLength(1)
      expect(server.layerVersions(region, 'flaky').map(version => [version.version, version.description])).toEqual([
        [2, 'this build']
      ])
      expect(
        server
          .policy(region, 'flaky', 2)
          .map(statement => statement.Sid)
          .sort()
      ).toEqual(['layer-account-123456789012', 'layer-org-o-abcdefghij12'])
    }
    expect(JSON.parse(run.outputs['layer-version-arns'])).toEqual(
      Object.fromEntries(REGIONS.map(region => [region, arnOf(region, 2)]))
    )
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(REGIONS)
    expect(run.stdout).toContain(`us-east-2: published ${arnOf('us-east-2', 2)} (adopted after a lost response)`)
    const rows = regionRows(run.summary)
    expect(Object.keys(rows)).toEqual(REGIONS)
    for (const region of REGIONS) expect(rows[region]).toMatchObject({ arn: arnOf(region, 2), version: '2' })
  })

  it('with one region down among flaky ones, the rest publish, the summary has a row per region, and a flaky re-run completes only that region', async () => {
    flakyEverywhere()
    server.setRegionFaults('us-east-1', { down: true })
    const first = await runAction(inputs({ 'retry-timeout': '30s' }), { endpoint: server.url })
    expect(first.exitCode).toBe(1)
    const others = REGIONS.filter(region => region !== 'us-east-1')
    expect(JSON.parse(first.outputs['layer-version-arns'])).toEqual(
      Object.fromEntries(others.map(region => [region, arnOf(region, 1)]))
    )
    expect(JSON.parse(first.outputs['failed-regions'])).toEqual(['us-east-1'])
    const rows = regionRows(first.summary)
    expect(Object.keys(rows)).toEqual(REGIONS)
    expect(rows['us-east-1']).toMatchObject({ arn: '—', version: '—' })
    expect(rows['us-east-1'].status).toMatch(/^❌ failed: us-east-1: ListLayerVersions failed: /)
    for (const region of others)
      expect(rows[region]).toEqual({
        arn: arnOf(region, 1),
        version: '1',
        status:
          '✅ published' + (region === 'us-east-2' || region === 'sa-east-1' ? ' (adopted after a lost response)' : '')
      })
    expect(first.summary).toContain(`${REGIONS.length} region(s): 7 published, 0 reused, 1 failed.`)
    expect(errorLines(first).at(-1)).toMatch(/^Publishing failed in 1 of 8 region\(s\): us-east-1: /)

    server.requests.length = 0
    for (const region of REGIONS) server.setRegionFaults(region, { throttleEvery: 2, retryAfterSeconds: 0 })
    const rerun = await runAction(inputs(), { endpoint: server.url })
    expect(errorLines(rerun)).toEqual([])
    expect(rerun.exitCode).toBe(0)
    expect(
      publishCalls()
        .filter(request => request.status === 201)
        .map(request => request.region)
    ).toEqual(['us-east-1'])
    expect(JSON.parse(rerun.outputs['published-regions'])).toEqual(['us-east-1'])
    expect(JSON.parse(rerun.outputs['reused-regions'])).toEqual(others)
    expect(
      server.requests
        .filter(request => request.operation === 'AddLayerVersionPermission' && request.status === 201)
        .map(request => request.region)
    ).toEqual(['us-east-1', 'us-east-1'])
    for (const region of REGIONS) expect(server.layerVersions(region, 'flaky')).toHaveLength(1)
  })

  it('a region that fails after its version exists names the version, and the re-run reuses it and adds the missing statements', async () => {
    server.setRegionFaults('eu-north-1', { latencyMs: 400 })
    const running = runAction(inputs(), { endpoint: server.url })
    await waitFor(() =>
      server.requests.some(
        request =>
          request.region === 'eu-north-1' && request.operation === 'PublishLayerVersion' && request.status === 201
      )
    )
    server.setRegionFaults('eu-north-1', { rejectMessage: 'The account is suspended.' })
    const first = await running
    expect(first.exitCode).toBe(1)
    expect(JSON.parse(first.outputs['failed-regions'])).toEqual(['eu-north-1'])
    expect(errorLines(first).at(-1)).toMatch(
      new RegExp(
        `eu-north-1: AddLayerVersionPermission \\(layer-[a-z0-9-]+\\) failed: InvalidParameterValueException: The account is suspended. \\(HTTP 400\\) \\(version ${arnOf('eu-north-1', 1)} exists; missing: permissions \\(layer-account-123456789012, layer-org-o-abcdefghij12\\); a re-run reuses it and completes the rest\\)`
      )
    )
    expect(regionRows(first.summary)['eu-north-1']).toMatchObject({ arn: arnOf('eu-north-1', 1), version: '1' })
    expect(server.policy('eu-north-1', 'flaky', 1).length).toBeLessThan(2)

    server.setRegionFaults('eu-north-1', {})
    server.requests.length = 0
    const rerun = await runAction(inputs(), { endpoint: server.url })
    expect(rerun.exitCode).toBe(0)
    expect(publishCalls()).toEqual([])
    expect(JSON.parse(rerun.outputs['reused-regions'])).toEqual(REGIONS)
    expect(server.layerVersions('eu-north-1', 'flaky')).toHaveLength(1)
    expect(
      server
        .policy('eu-north-1', 'flaky', 1)
        .map(statement => statement.Sid)
        .sort()
    ).toEqual(['layer-account-123456789012', 'layer-org-o-abcdefghij12'])
  })
})
