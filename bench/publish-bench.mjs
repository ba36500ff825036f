// Publishing: fan-out to 1 and to 16 regions, an unchanged re-run, and the action's peak RSS
// with a 49 MB zip, all with the real action (node dist/index.js) against the loopback API.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCipheriv, createHash } from 'node:crypto'
import { startLambdaApiServer } from '../loopback/lambda-api-server.js'
import { startCountingProxy } from './counting-proxy.mjs'
import { loggedPublishSeconds, runAction } from './run-action.mjs'
import { info, line, mb, seconds } from './report.mjs'

export const LATENCY_MS = 300
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'sa-east-1'
]
const BIG_FILES = 7
const BIG_FILE_BYTES = 7_000_000

function incompressible(label, size) {
  const key = createHash('sha256').update(label).digest()
  return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32)).update(Buffer.alloc(size))
}

async function smallLayer(root) {
  await mkdir(join(root, 'nodejs/node_modules/greeting'), { recursive: true })
  await writeFile(join(root, 'nodejs/node_modules/greeting/index.js'), 'module.exports = () => "hello"\n')
  await writeFile(join(root, 'nodejs/node_modules/greeting/package.json'), '{"name":"greeting","version":"1.0.0"}\n')
}

/** 49 MB of incompressible files: the zip is stored, about as large as a direct upload may be. */
async function bigLayer(root) {
  await mkdir(join(root, 'nodejs/node_modules/blobs'), { recursive: true })
  for (let index = 0; index < BIG_FILES; index++) {
    await writeFile(
      join(root, `nodejs/node_modules/blobs/part-${index}.bin`),
      incompressible(`part-${index}`, BIG_FILE_BYTES)
    )
  }
}

function inputs(layerName, source, regions) {
  return {
    'layer-name': layerName,
    runtime: 'nodejs22.x',
    regions: regions.join(' '),
    source,
    install: 'false',
    principal: '123456789012'
  }
}

/**
 * Runs the action and measures its publish phase from the server's request log: from the first
 * request's arrival to the last one's, plus the latency that last request waited.
 */
async function publishRun(server, proxy, layerName, source, regions) {
  const first = server.requests.length
  proxy.take()
  const versionsBefore = regions.reduce((total, region) => total + server.layerVersions(region, layerName).length, 0)
  const run = await runAction(inputs(layerName, source, regions), proxy.url)
  const requests = server.requests.slice(first)
  const phase = (requests[requests.length - 1].time - requests[0].time + LATENCY_MS) / 1000
  const versionsAfter = regions.reduce((total, region) => total + server.layerVersions(region, layerName).length, 0)
  const wire = proxy.take()
  return {
    phase,
    logged: loggedPublishSeconds(run.stdout),
    wall: run.seconds,
    maxRssBytes: run.maxRssBytes,
    calls: requests.length,
    bodyBytes: wire.bodyBytes,
    newVersions: versionsAfter - versionsBefore
  }
}

function described(result) {
  return `${seconds(result.phase)} (action log ${result.logged.toFixed(1)} s, whole run ${seconds(result.wall)}, ${result.calls} calls)`
}

export async function publishBench() {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-publish-'))
  const server = await startLambdaApiServer()
  const proxy = await startCountingProxy(server.url)
  try {
    for (const region of REGIONS) server.setRegionFaults(region, { latencyMs: LATENCY_MS })
    const small = join(scratch, 'small')
    const big = join(scratch, 'big')
    await smallLayer(small)
    await bigLayer(big)

    const one = await publishRun(server, proxy, 'fanout-one', small, REGIONS.slice(0, 1))
    const sixteen = await publishRun(server, proxy, 'fanout-sixteen', small, REGIONS)
    const smallRerun = await publishRun(server, proxy, 'fanout-sixteen', small, REGIONS)
    const bigFirst = await publishRun(server, proxy, 'big', big, REGIONS)
    const bigRerun = await publishRun(server, proxy, 'big', big, REGIONS)

    const fanout = sixteen.phase / one.phase
    const rerunRatio = bigRerun.phase / bigFirst.phase
    return [
      info('latency per call', `${LATENCY_MS} ms, every region; principal 123456789012`),
      info('publish phase, small layer, 1 region', described(one)),
      info('publish phase, small layer, 16 regions', described(sixteen)),
      line('fan-out ratio, 16 regions / 1 region', `${fanout.toFixed(2)}x`, '<= 1.30x', fanout <= 1.3),
      info('49 MB zip, 16 regions, first run', `${described(bigFirst)}, ${mb(bigFirst.bodyBytes)} sent`),
      info('49 MB zip, 16 regions, unchanged re-run', described(bigRerun)),
      line('unchanged re-run: bytes uploaded', `${bigRerun.bodyBytes} bytes`, '0', bigRerun.bodyBytes === 0),
      line('unchanged re-run: versions created', `${bigRerun.newVersions}`, '0', bigRerun.newVersions === 0),
      line('unchanged re-run: publish phase / first run', `${rerunRatio.toFixed(2)}x`, '<= 0.20x', rerunRatio <= 0.2),
      info(
        'small layer re-run / first run (latency-bound)',
        `${(smallRerun.phase / sixteen.phase).toFixed(2)}x, ${smallRerun.bodyBytes} bytes, ${smallRerun.newVersions} versions`
      ),
      line(
        '49 MB zip to 16 regions: action peak RSS',
        mb(bigFirst.maxRssBytes),
        '<= 512 MB',
        bigFirst.maxRssBytes <= 512 * 1024 * 1024
      )
    ]
  } finally {
    await proxy.close()
    await server.close()
    await rm(scratch, { recursive: true, force: true })
  }
}
