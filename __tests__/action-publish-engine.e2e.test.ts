import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2']

const server = useLoopbackServer()

function inputs(extra: Record<string, string> = {}) {
  return {
    'layer-name': 'engine',
    runtime: 'nodejs22.x',
    regions: REGIONS.join(' '),
    source: PREBUILT_FIXTURE,
    install: 'false',
    principal: '123456789012 o-abcdefghij12',
    ...extra
  }
}

function publishCalls(region?: string) {
  return server.requests.filter(
    request => request.operation === 'PublishLayerVersion' && (!region || request.region === region)
  )
}

describe('publish engine', () => {
  it('rides out throttling and 5xx in every region with exactly one version each', async () => {
    for (const region of REGIONS)
      server.setRegionFaults(region, { throttles: 2, serverErrors: 1, retryAfterSeconds: 0 })
    const run = await runAction(inputs(), { endpoint: server.url })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    for (const region of REGIONS) {
      expect(server.layerVersions(region, 'engine')).toHaveLength(1)
      expect(
        server
          .policy(region, 'engine', 1)
          .map(statement => statement.Sid)
          .sort()
      ).toEqual(['layer-account-123456789012', 'layer-org-o-abcdefghij12'])
      expect(server.requests.filter(request => request.region === region && request.status === 429)).toHaveLength(2)
    }
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(REGIONS)
  })

  // Retry-After outlasts the longest first backoff without it: the SDK's throttling backoff (up to
  // 1 s) for a read, the action's own (up to 250 ms) for PublishLayerVersion.
  it.each([
    ['a read (the SDK retry strategy)', 'ListLayerVersions', {}, 2],
    ["PublishLayerVersion (the action's own retry loop)", 'PublishLayerVersion', { 'skip-unchanged': 'false' }, 1]
  ])("waits out a throttle's Retry-After before re-sending %s", async (_what, operation, extra, retryAfterSeconds) => {
    server.setRegionFaults('eu-west-1', { throttles: 1, retryAfterSeconds })
    // The version before is read in the first region only, so eu-west-1's first call is the one under test.
    const run = await runAction(inputs({ regions: 'us-east-1 eu-west-1', ...extra }), { endpoint: server.url })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const sent = server.requests.filter(request => request.operation === operation && request.region === 'eu-west-1')
    expect(sent.map(request => request.status).slice(0, 2)).toEqual([
      429,
      operation === 'PublishLayerVersion' ? 201 : 200
    ])
    expect(sent[1].time - sent[0].time).toBeGreaterThanOrEqual(retryAfterSeconds * 1000 - 100)
  })

  it('adopts the version a publish created when its response was lost, instead of publishing twice', async () => {
    server.setRegionFaults('us-east-1', { dropResponseAfterPublish: 1 })
    const run = await runAction(inputs(), { endpoint: server.url })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(server.layerVersions('us-east-1', 'engine')).toHaveLength(1)
    expect(publishCalls('us-east-1')).toHaveLength(1)
    expect(JSON.parse(run.outputs['layer-version-arns'])['us-east-1']).toBe(
      'arn:aws:lambda:us-east-1:123456789012:layer:engine:1'
    )
    expect(run.stdout).toContain(
      'us-east-1: published arn:aws:lambda:us-east-1:123456789012:layer:engine:1 (adopted after a lost response)'
    )
    expect(run.summary).toContain('✅ published (adopted after a lost response)')
    expect(server.policy('us-east-1', 'engine', 1)).toHaveLength(2)
  })

  it('after a partial failure, a re-run publishes only the failed region and adds no duplicate statements', async () => {
    server.setRegionFaults('eu-central-1', { down: true })
    const first = await runAction(inputs({ 'retry-timeout': '1' }), { endpoint: server.url })
    expect(first.exitCode).toBe(1)
    expect(JSON.parse(first.outputs['failed-regions'])).toEqual(['eu-central-1'])
    expect(Object.keys(JSON.parse(first.outputs['layer-version-arns']))).toEqual([
      'eu-west-1',
      'us-east-1',
      'us-west-2'
    ])

    server.setRegionFaults('eu-central-1', {})
    server.requests.length = 0
    const rerun = await runAction(inputs(), { endpoint: server.url })
    expect(errorLines(rerun)).toEqual([])
    expect(rerun.exitCode).toBe(0)
    expect(publishCalls().map(request => request.region)).toEqual(['eu-central-1'])
    expect(JSON.parse(rerun.outputs['published-regions'])).toEqual(['eu-central-1'])
    expect(JSON.parse(rerun.outputs['reused-regions'])).toEqual(['eu-west-1', 'us-east-1', 'us-west-2'])
    expect(
      server.requests
        .filter(request => request.operation === 'AddLayerVersionPermission')
        .map(request => request.region)
    ).toEqual(['eu-central-1', 'eu-central-1'])
    for (const region of REGIONS) {
      expect(server.layerVersions(region, 'engine')).toHaveLength(1)
      expect(server.policy(region, 'engine', 1)).toHaveLength(2)
    }
  })

  it('adds a missing statement to a reused version, and publishes anew when metadata changed', async () => {
    const base = inputs({ regions: 'eu-west-1', principal: '123456789012' })
    expect((await runAction(base, { endpoint: server.url })).exitCode).toBe(0)
    const widened = await runAction({ ...base, principal: '123456789012 210987654321' }, { endpoint: server.url })
    expect(JSON.parse(widened.outputs['reused-regions'])).toEqual(['eu-west-1'])
    expect(
      server
        .policy('eu-west-1', 'engine', 1)
        .map(statement => statement.Sid)
        .sort()
    ).toEqual(['layer-account-123456789012', 'layer-account-210987654321'])
    const described = await runAction({ ...base, description: 'new description' }, { endpoint: server.url })
    expect(JSON.parse(described.outputs['published-regions'])).toEqual(['eu-west-1'])
    expect(server.layerVersions('eu-west-1', 'engine').map(version => version.version)).toEqual([1, 2])
  })

  it('with on-region-failure: warn, a down region is annotated and the step passes', async () => {
    server.setRegionFaults('us-west-2', { down: true })
    const run = await runAction(inputs({ 'on-region-failure': 'warn', 'retry-timeout': '0' }), {
      endpoint: server.url
    })
    expect(run.exitCode).toBe(0)
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toMatch(/::warning::us-west-2: ListLayerVersions failed: /)
    expect(run.stdout).toMatch(
      /::warning::Publishing failed in 1 of 4 region\(s\): .*\(on-region-failure: warn, so the step passes\)/
    )
    expect(JSON.parse(run.outputs['failed-regions'])).toEqual(['us-west-2'])
  })
})
