import type { ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { regionRows } from './helpers/summary-table.js'
import { waitFor } from './helpers/wait-for.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const REGIONS = ['eu-west-1', 'us-east-1']
const SLOW = 'us-east-1'
const arn = (region: string) => `arn:aws:lambda:${region}:123456789012:layer:known:1`

const server = useLoopbackServer()

const inputs = () => ({
  'layer-name': 'known',
  runtime: 'nodejs22.x',
  regions: REGIONS.join(' '),
  source: PREBUILT_FIXTURE,
  install: 'false',
  principal: '123456789012'
})

const published = (region: string) => () =>
  server.requests.some(
    request => request.region === region && request.operation === 'PublishLayerVersion' && request.status === 201
  )

describe('a version that exists is never shown as "—"', () => {
  it('cancelled while a region follows up on its new version: the row and the message name it, and the re-run adopts it', async () => {
    server.setRegionFaults(SLOW, { latencyMs: 300 })
    let child: ChildProcess | undefined
    const running = runAction(inputs(), { endpoint: server.url, onSpawn: spawned => (child = spawned) })
    await waitFor(published(SLOW))
    // Every call after the publish is throttled (the faults apply after the latency), so the region keeps retrying.
    server.setRegionFaults(SLOW, { latencyMs: 300, throttleForSeconds: 600, retryAfterSeconds: 1 })
    await waitFor(() => server.requests.some(request => request.region === SLOW && request.status === 429))
    child?.kill('SIGTERM')
    const run = await running
    expect(run.exitCode).toBe(143)
    expect(regionRows(run.summary)[SLOW]).toEqual({
      arn: arn(SLOW),
      version: '1',
      status: '⏹️ interrupted after its version existed (a re-run reuses it and completes the rest)'
    })
    expect(errorLines(run).at(-1)).toContain(`in flight, a version may exist: ${SLOW} (${arn(SLOW)} exists)`)

    server.setRegionFaults(SLOW, {})
    server.requests.length = 0
    const rerun = await runAction(inputs(), { endpoint: server.url })
    expect(rerun.exitCode).toBe(0)
    expect(JSON.parse(rerun.outputs['reused-regions'])).toEqual(REGIONS)
    expect(server.requests.filter(request => request.operation === 'PublishLayerVersion')).toEqual([])
    expect(server.layerVersions(SLOW, 'known')).toHaveLength(1)
    expect(server.policy(SLOW, 'known', 1).map(statement => statement.Sid)).toEqual(['layer-account-123456789012'])
  })
})
