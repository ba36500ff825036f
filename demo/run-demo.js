// Runs the action's main job locally: builds demo/example-layer, publishes it to the loopback
// Lambda API in three regions through `node dist/index.js` (as the runner does, see
// tools/run-dist.mjs), prints the ARN map.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startLambdaApiServer } from '../loopback/lambda-api-server.js'
import { runDist } from '../tools/run-dist.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const regions = ['eu-west-1', 'us-east-1', 'ap-southeast-2']

const server = await startLambdaApiServer()
console.log(`loopback Lambda API at ${server.url}; running node dist/index.js\n`)
const run = await runDist(
  {
    'layer-name': 'demo-layer',
    runtime: 'nodejs22.x',
    architectures: 'x86_64',
    regions: regions.join(','),
    principal: '123456789012',
    source: join(root, 'demo/example-layer'),
    description: 'demo layer built by npm run demo'
  },
  { endpoint: server.url, stdio: 'inherit' }
)
await server.close()

const { outputs } = run
console.log('\nlayer-version-arns:')
console.log(JSON.stringify(JSON.parse(outputs['layer-version-arns'] ?? '{}'), null, 2))
console.log(
  `code-sha256: ${outputs['code-sha256']}  code-size: ${outputs['code-size']}  archive: ${outputs['archive-path']}`
)
console.log(`step summary: ${run.summaryFile}`)
process.exit(run.exitCode)
