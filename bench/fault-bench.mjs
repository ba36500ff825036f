// Publishing under faults: the same small layer to 8 regions with no faults, then under a seeded
// storm (half of all Lambda and SSM calls throttled, a tenth answered 500, a fifth of publish
// responses lost), with the real action (node dist/index.js) against the loopback API. Reports the
// storm's wall time relative to the fault-free run, and whether every region ended with one version.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLambdaApiServer } from '../loopback/lambda-api-server.js'
import { loggedPublishSeconds, runAction } from './run-action.mjs'
import { info, line, seconds } from './report.mjs'

const LATENCY_MS = 50
const SEED = 20261130
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'sa-east-1'
]
const STORM = { throttleRate: 0.5, serverErrorRate: 0.1, lostResponseRate: 0.2, retryAfterSeconds: 1 }

function inputs(layerName, source) {
  return {
    'layer-name': layerName,
    runtime: 'nodejs22.x',
    regions: REGIONS.join(' '),
    source,
    install: 'false',
    principal: '123456789012',
    'ssm-parameter': '/layers/{layer}/{region}'
  }
}

async function layer(root) {
  await mkdir(join(root, 'nodejs/node_modules/greeting'), { recursive: true })
  await writeFile(join(root, 'nodejs/node_modules/greeting/index.js'), 'module.exports = () => "hello"\n')
}

/** Runs the action once; returns its wall time, publish phase, calls, failed calls and versions per region. */
async function run(server, layerName, source) {
  const first = server.requests.length
  const result = await runAction(inputs(layerName, source), server.url)
  const requests = server.requests.slice(first)
  return {
    wall: result.seconds,
    logged: loggedPublishSeconds(result.stdout),
    calls: requests.length,
    failed: requests.filter(request => request.status === 0 || request.status >= 429).length,
    retries: result.stdout.split('\n').filter(text => / attempt \d+ in [\d.]+ s$/.test(text)).length,
    oneVersionEach: REGIONS.every(region => server.layerVersions(region, layerName).length === 1)
  }
}

export async function faultBench() {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-fault-'))
  const server = await startLambdaApiServer()
  try {
    await layer(scratch)
    for (const region of REGIONS) server.setRegionFaults(region, { latencyMs: LATENCY_MS })
    const calm = await run(server, 'calm', scratch)
    for (const region of REGIONS)
      server.setRegionFaults(region, { latencyMs: LATENCY_MS, seed: SEED, services: ['lambda', 'ssm'], ...STORM })
    const storm = await run(server, 'storm', scratch)
    const described = result =>
      `${seconds(result.wall)} (publish ${result.logged.toFixed(1)} s, ${result.calls} calls, ${result.failed} answered 429/5xx or dropped, ${result.retries} retries logged)`
    return [
      info(
        '8 regions, latency per call',
        `${LATENCY_MS} ms; storm: 50% throttled (Retry-After 1 s), 10% 500, 20% publish responses lost`
      ),
      info('fault-free run', described(calm)),
      info('storm run', described(storm)),
      info('storm / fault-free wall time', `${(storm.wall / calm.wall).toFixed(2)}x`),
      line('storm: every region one version', storm.oneVersionEach ? 'yes' : 'no', 'yes', storm.oneVersionEach)
    ]
  } finally {
    await server.close()
    await rm(scratch, { recursive: true, force: true })
  }
}
