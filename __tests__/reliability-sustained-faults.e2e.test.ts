import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { regionRows } from './helpers/summary-table.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const ACCOUNT = '123456789012'
const PARAMETER = (region: string) => `/layers/sustained/${region}`
const EIGHT = [
  'eu-west-1',
  'eu-central-1',
  'eu-north-1',
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ap-south-1',
  'sa-east-1'
]
const THIRTY = [
  ...EIGHT,
  ...['us-west-1', 'ca-central-1', 'ca-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-2', 'eu-south-1', 'eu-south-2'],
  ...['ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2'],
  ...['ap-southeast-3', 'ap-southeast-4', 'ap-east-1', 'me-south-1', 'me-central-1', 'af-south-1', 'il-central-1']
]

const server = useLoopbackServer()

function inputs(regions: string[], extra: Record<string, string> = {}) {
  return {
    'layer-name': 'sustained',
    runtime: 'nodejs22.x',
    regions: regions.join(' '),
    source: PREBUILT_FIXTURE,
    install: 'false',
    principal: `${ACCOUNT} o-abcdefghij12`,
    'ssm-parameter': '/layers/{layer}/{region}',
    ...extra
  }
}

/** Half of all Lambda and SSM calls throttled, a tenth answered 500, a fifth of publish responses lost. */
function stormEverywhere(regions: string[], seed: number): void {
  for (const region of regions)
    server.setRegionFaults(region, {
      seed,
      services: ['lambda', 'ssm'],
      throttleRate: 0.5,
      serverErrorRate: 0.1,
      lostResponseRate: 0.2,
      retryAfterSeconds: 0
    })
}

/** The retry lines the action logged, inside its publish group. */
function retryLines(run: ActionRun): string[] {
  const group = run.stdout.slice(run.stdout.indexOf('::group::Publish to'))
  const inGroup = group.slice(0, group.indexOf('::endgroup::'))
  return inGroup.split('\n').filter(line => / attempt \d+ in [\d.]+ s$/.test(line))
}

function expectEveryRegionComplete(run: ActionRun, regions: string[]): void {
  expect(errorLines(run)).toEqual([])
  expect(run.exitCode).toBe(0)
  expect(JSON.parse(run.outputs['published-regions'])).toEqual(regions)
  const rows = regionRows(run.summary)
  for (const region of regions) {
    const arn = `arn:aws:lambda:${region}:${ACCOUNT}:layer:sustained:1`
    expect(server.layerVersions(region, 'sustained').map(version => version.version)).toEqual([1])
    expect(
      server
        .policy(region, 'sustained', 1)
        .map(statement => statement.Sid)
        .sort()
    ).toEqual(['layer-account-123456789012', 'layer-org-o-abcdefghij12'])
    expect(server.ssmParameter(region, PARAMETER(region))?.value).toBe(arn)
    expect(rows[region]).toMatchObject({ arn, version: '1' })
  }
}

describe('sustained faults', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: 8 regions under 50%% throttling, 10%% 5xx and 20%% lost publish responses all complete, once each',
    async seed => {
      stormEverywhere(EIGHT, seed)
      const run = await runAction(inputs(EIGHT), { endpoint: server.url })
      expectEveryRegionComplete(run, EIGHT)
      const failed = server.requests.filter(request => [0, 429, 500].includes(request.status))
      expect(failed.filter(request => request.status === 429).length).toBeGreaterThan(EIGHT.length)
      // SSM throttles with 400; each region's first GetParameter is a 400 ParameterNotFound, not retried.
      const ssmThrottled = server.requests.filter(request => request.service === 'ssm' && request.status === 400)
      // One "attempt n in x s" line per failed call, in the publish group.
      expect(retryLines(run)).toHaveLength(failed.length + ssmThrottled.length - EIGHT.length)
      expect(retryLines(run)[0]).toMatch(/^[a-z0-9-]+: [A-Za-z]+ (throttled|failed) \(.+\); attempt \d+ in [\d.]+ s$/)
    }
  )

  it('30 regions under the same storm all complete, once each', async () => {
    stormEverywhere(THIRTY, 7)
    const run = await runAction(inputs(THIRTY), { endpoint: server.url })
    expectEveryRegionComplete(run, THIRTY)
  })

  it('a region throttled for longer than retry-timeout fails alone, in about that time', async () => {
    server.setRegionFaults('eu-north-1', { throttleForSeconds: 600, retryAfterSeconds: 1, services: ['lambda'] })
    const run = await runAction(inputs(EIGHT, { 'retry-timeout': '8s' }), { endpoint: server.url })
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs['failed-regions'])).toEqual(['eu-north-1'])
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(EIGHT.filter(region => region !== 'eu-north-1'))
    const requests = server.requests.filter(request => request.region === 'eu-north-1')
    expect(requests.every(request => request.status === 429 && request.operation === 'ListLayerVersions')).toBe(true)
    const seconds = (requests.at(-1)!.time - requests[0].time) / 1000
    expect(seconds).toBeGreaterThan(6)
    expect(seconds).toBeLessThan(20)
    expect(errorLines(run).at(-1)).toMatch(
      /^Publishing failed in 1 of 8 region\(s\): eu-north-1: ListLayerVersions failed: TooManyRequestsException: Rate exceeded \(HTTP 429\); gave up after \d+ attempt\(s\), [\d.]+ s of retry-timeout: /
    )
    expect(regionRows(run.summary)['eu-north-1']).toMatchObject({ arn: '—', version: '—' })
  })
})
