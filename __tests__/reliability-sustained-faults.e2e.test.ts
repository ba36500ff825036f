import { resolve } from 'node:path'
import { startLambdaApiServer, type LambdaApiServer } from '../loopback/lambda-api-server.js'
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
function storm(on: LambdaApiServer, regions: string[], seed: number): void {
  for (const region of regions)
    on.setRegionFaults(region, {
      seed,
      services: ['lambda', 'ssm'],
      throttleRate: 0.5,
      serverErrorRate: 0.1,
      lostResponseRate: 0.2,
      retryAfterSeconds: 0
    })
}

/**
 * The retry lines the action logged, in its groups: the publish group, and the read of the
 * version before (in the first region) that precedes it.
 */
function retryLines(run: ActionRun): string[] {
  const groups = run.stdout.split('::group::').slice(1)
  const inGroups = groups.map(group => group.slice(0, group.indexOf('::endgroup::')))
  return inGroups.flatMap(group => group.split('\n')).filter(line => / attempt \d+ in [\d.]+ s$/.test(line))
}

/** The most failed answers (throttled, 5xx or lost) in a row to one region's calls of one operation: retries of one call. */
function longestFailureRun(requests: LambdaApiServer['requests']): number {
  let longest = 0
  const runs = new Map<string, number>()
  for (const request of requests) {
    const key = `${request.service} ${request.region} ${request.operation}`
    const run = [0, 429, 500].includes(request.status) ? (runs.get(key) ?? 0) + 1 : 0
    runs.set(key, run)
    longest = Math.max(longest, run)
  }
  return longest
}

/** What a storm run left, region by region, in a form that names the seed when it differs from the expected. */
async function stormRun(regions: string[], seed: number) {
  const on = await startLambdaApiServer()
  try {
    storm(on, regions, seed)
    const run = await runAction(inputs(regions), { endpoint: on.url })
    const rows = regionRows(run.summary)
    const failed = on.requests.filter(request => [0, 429, 500].includes(request.status))
    // SSM throttles with 400; each region's first GetParameter is a 400 ParameterNotFound, not retried.
    const ssm400 = on.requests.filter(request => request.service === 'ssm' && request.status === 400)
    return {
      seed,
      exitCode: run.exitCode,
      errors: errorLines(run),
      published: JSON.parse(run.outputs['published-regions'] ?? '[]'),
      regions: Object.fromEntries(
        regions.map(region => [
          region,
          {
            versions: on.layerVersions(region, 'sustained').map(version => version.version),
            statements: on
              .policy(region, 'sustained', 1)
              .map(statement => statement.Sid)
              .sort(),
            parameter: on.ssmParameter(region, PARAMETER(region))?.value,
            row: rows[region] && { arn: rows[region].arn, version: rows[region].version }
          }
        ])
      ),
      throttled: failed.filter(request => request.status === 429).length > regions.length,
      // The seeds drew runs of faults, not only single ones: one call failed at least 3 times running.
      severalInARow: longestFailureRun(on.requests) >= 3,
      // One "attempt n in x s" line per failed call, in a log group.
      retryLinesPerFailure: retryLines(run).length === failed.length + ssm400.length - regions.length,
      retryLineShape: retryLines(run).every(line =>
        /^[a-z0-9-]+: [A-Za-z]+ (throttled|failed) \(.+\); attempt \d+ in [\d.]+ s$/.test(line)
      )
    }
  } finally {
    await on.close()
  }
}

function completed(regions: string[], seed: number) {
  return {
    seed,
    exitCode: 0,
    errors: [],
    published: regions,
    regions: Object.fromEntries(
      regions.map(region => {
        const arn = `arn:aws:lambda:${region}:${ACCOUNT}:layer:sustained:1`
        return [
          region,
          {
            versions: [1],
            statements: ['layer-account-123456789012', 'layer-org-o-abcdefghij12'],
            parameter: arn,
            row: { arn, version: '1' }
          }
        ]
      })
    ),
    throttled: true,
    severalInARow: true,
    retryLinesPerFailure: true,
    retryLineShape: true
  }
}

describe('sustained faults', () => {
  // Each run on its own loopback server, all at once: the runs mostly wait out backoff and pacing.
  it('under 50% throttling, 10% 5xx and 20% lost publish responses, 8 regions over five seeds and 30 regions all complete, once each', async () => {
    const seeds = [1, 2, 3, 4, 5]
    const runs = await Promise.all([...seeds.map(seed => stormRun(EIGHT, seed)), stormRun(THIRTY, 7)])
    expect(runs).toEqual([...seeds.map(seed => completed(EIGHT, seed)), completed(THIRTY, 7)])
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
