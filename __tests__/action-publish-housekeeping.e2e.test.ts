import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const PARAMETER = '/layers/house/x86_64/latest'

const server = useLoopbackServer()

function inputs(regions: string[], extra: Record<string, string> = {}) {
  return {
    'layer-name': 'house',
    runtime: 'nodejs22.x',
    regions: regions.join(' '),
    source: PREBUILT_FIXTURE,
    install: 'false',
    ...extra
  }
}

const arn = (region: string, version: number) => `arn:aws:lambda:${region}:123456789012:layer:house:${version}`
const operations = (name: string) => server.requests.filter(request => request.operation === name)

describe('ssm-parameter', () => {
  const regions = ['eu-west-1', 'us-east-1']
  const withParameter = (extra: Record<string, string> = {}) =>
    inputs(regions, { 'ssm-parameter': '/layers/{layer}/{arch}/latest', ...extra })

  it("writes each region's version ARN, leaves it alone on a re-run and replaces it for a new version", async () => {
    const run = await runAction(withParameter(), { endpoint: server.url })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    for (const region of regions) {
      expect(server.ssmParameter(region, PARAMETER)).toEqual({
        name: PARAMETER,
        value: arn(region, 1),
        type: 'String',
        version: 1
      })
      expect(run.summary).toContain(`<li>${region}: ${PARAMETER} = ${arn(region, 1)}</li>`)
      expect(run.stdout).toContain(`${region}: wrote ${PARAMETER}`)
    }
    expect(
      operations('PutParameter')
        .map(request => request.region)
        .sort()
    ).toEqual(regions)

    server.requests.length = 0
    const rerun = await runAction(withParameter(), { endpoint: server.url })
    expect(JSON.parse(rerun.outputs['reused-regions'])).toEqual(regions)
    expect(operations('GetParameter')).toHaveLength(2)
    expect(operations('PutParameter')).toEqual([])
    expect(server.ssmParameter('eu-west-1', PARAMETER)?.version).toBe(1)

    const next = await runAction(withParameter({ description: 'second' }), { endpoint: server.url })
    expect(next.exitCode).toBe(0)
    for (const region of regions)
      expect(server.ssmParameter(region, PARAMETER)).toMatchObject({ value: arn(region, 2), version: 2 })
  })

  it('rides out SSM throttling; a region whose parameter cannot be written fails and keeps its version for the re-run', async () => {
    server.setRegionFaults('eu-west-1', { throttles: 2, services: ['ssm'] })
    server.setRegionFaults('us-east-1', { serverErrors: 1000, services: ['ssm'] })
    const run = await runAction(withParameter({ 'retry-timeout': '6s' }), { endpoint: server.url })
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(['eu-west-1'])
    expect(JSON.parse(run.outputs['failed-regions'])).toEqual(['us-east-1'])
    expect(server.ssmParameter('eu-west-1', PARAMETER)?.value).toBe(arn('eu-west-1', 1))
    // Two throttled reads, the read that finds no parameter (SSM answers ParameterNotFound with 400), the write.
    const ssmCalls = server.requests.filter(request => request.service === 'ssm' && request.region === 'eu-west-1')
    expect(ssmCalls.map(request => [request.operation, request.status])).toEqual([
      ['GetParameter', 400],
      ['GetParameter', 400],
      ['GetParameter', 400],
      ['PutParameter', 200]
    ])
    expect(errorLines(run).at(-1)).toMatch(
      new RegExp(
        `^Publishing failed in 1 of 2 region\\(s\\): us-east-1: GetParameter \\(${PARAMETER}\\) failed: InternalServerError: An error occurred on the server side. \\(HTTP 500\\); gave up after \\d+ attempt\\(s\\), [\\d.]+ s of retry-timeout: [^;]+ \\(version ${arn('us-east-1', 1)} exists; missing: SSM parameter ${PARAMETER}; a re-run reuses it and completes the rest\\)$`
      )
    )
    expect(server.ssmParameter('us-east-1', PARAMETER)).toBeUndefined()

    server.setRegionFaults('us-east-1', {})
    server.requests.length = 0
    const rerun = await runAction(withParameter(), { endpoint: server.url })
    expect(rerun.exitCode).toBe(0)
    expect(JSON.parse(rerun.outputs['reused-regions'])).toEqual(['eu-west-1', 'us-east-1'])
    expect(operations('PublishLayerVersion')).toEqual([])
    expect(operations('PutParameter').map(request => request.region)).toEqual(['us-east-1'])
    expect(server.ssmParameter('us-east-1', PARAMETER)?.value).toBe(arn('us-east-1', 1))
  })
})

describe('keep-versions', () => {
  it('deletes versions older than the newest N after publishing, never the one just published or reused', async () => {
    const region = ['eu-west-1']
    for (const description of ['one', 'two']) {
      expect(
        (await runAction(inputs(region, { description, 'keep-versions': '2' }), { endpoint: server.url })).exitCode
      ).toBe(0)
    }
    expect(operations('DeleteLayerVersion')).toEqual([])
    const third = await runAction(inputs(region, { description: 'three', 'keep-versions': '2' }), {
      endpoint: server.url
    })
    expect(third.exitCode).toBe(0)
    expect(server.layerVersions('eu-west-1', 'house').map(version => version.version)).toEqual([2, 3])
    expect(third.stdout).toContain('eu-west-1: deleted old versions 1')
    expect(third.summary).toContain('<li>eu-west-1: deleted versions 1</li>')

    const reused = await runAction(inputs(region, { description: 'three', 'keep-versions': '1' }), {
      endpoint: server.url
    })
    expect(JSON.parse(reused.outputs['reused-regions'])).toEqual(['eu-west-1'])
    expect(reused.outputs['layer-version-arn']).toBe(arn('eu-west-1', 3))
    expect(server.layerVersions('eu-west-1', 'house').map(version => version.version)).toEqual([3])
  })

  it('keeps every version by default', async () => {
    for (const description of ['one', 'two', 'three']) {
      expect((await runAction(inputs(['eu-west-1'], { description }), { endpoint: server.url })).exitCode).toBe(0)
    }
    expect(server.layerVersions('eu-west-1', 'house')).toHaveLength(3)
    expect(operations('DeleteLayerVersion')).toEqual([])
  })
})

const SLOW_MS = 1000

describe('a slow region', () => {
  it('does not hold up the others, and still ends with exactly one version', async () => {
    const regions = ['eu-west-1', 'us-east-1', 'ap-south-1']
    // A second per request: time enough for the fast regions to finish on a busy machine.
    server.setRegionFaults('eu-west-1', { latencyMs: SLOW_MS })
    const started = Date.now()
    const run = await runAction(inputs(regions, { 'ssm-parameter': '/layers/{layer}/latest' }), {
      endpoint: server.url
    })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(regions)
    for (const region of regions) expect(server.layerVersions(region, 'house')).toHaveLength(1)
    // Every request to the slow region (Lambda and SSM alike) is answered SLOW_MS late...
    const slow = server.requests.filter(request => request.region === 'eu-west-1')
    expect(slow.map(request => request.service)).toContain('ssm')
    expect(Date.now() - started).toBeGreaterThanOrEqual(slow.length * SLOW_MS)
    // ...while the fast regions are done (parameter written) before the slow one has published.
    const slowPublish = slow.find(request => request.operation === 'PublishLayerVersion')
    for (const region of ['us-east-1', 'ap-south-1']) {
      const written = server.requests.find(request => request.region === region && request.operation === 'PutParameter')
      expect(written!.time).toBeLessThan(slowPublish!.time)
    }
  })
})
