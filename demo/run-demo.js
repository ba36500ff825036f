// Runs the action's main job locally: builds demo/example-layer, publishes it to the loopback
// Lambda API in three regions through `node dist/index.js` (as the runner does), prints the ARN map.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startLambdaApiServer } from '../loopback/lambda-api-server.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const regions = ['eu-west-1', 'us-east-1', 'ap-southeast-2']

function readOutputs(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index])
    if (!match) continue
    const value = []
    while (++index < lines.length && lines[index] !== match[2]) value.push(lines[index])
    outputs[match[1]] = value.join('\n')
  }
  return outputs
}

const server = await startLambdaApiServer()
const runnerTemp = await mkdtemp(join(tmpdir(), 'layer-demo-'))
const outputFile = join(runnerTemp, 'output')
const summaryFile = join(runnerTemp, 'summary.md')
await writeFile(outputFile, '')
await writeFile(summaryFile, '')

const env = {
  ...process.env,
  AWS_ENDPOINT_URL: server.url,
  AWS_ACCESS_KEY_ID: 'AKIDDEMO',
  AWS_SECRET_ACCESS_KEY: 'demo-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: summaryFile,
  RUNNER_TEMP: join(runnerTemp, 'temp'),
  'INPUT_LAYER-NAME': 'demo-layer',
  INPUT_RUNTIME: 'nodejs22.x',
  INPUT_ARCHITECTURES: 'x86_64',
  INPUT_REGIONS: regions.join(','),
  INPUT_PRINCIPAL: '123456789012',
  INPUT_SOURCE: join(root, 'demo/example-layer'),
  INPUT_DESCRIPTION: 'demo layer built by npm run demo'
}

console.log(`loopback Lambda API at ${server.url}; running node dist/index.js\n`)
const child = spawn(process.execPath, [join(root, 'dist/index.js')], { env, stdio: 'inherit' })
const exitCode = await new Promise(resolve => child.on('close', code => resolve(code ?? 1)))
await server.close()

const outputs = readOutputs(await readFile(outputFile, 'utf8'))
console.log('\nlayer-version-arns:')
console.log(JSON.stringify(JSON.parse(outputs['layer-version-arns'] ?? '{}'), null, 2))
console.log(
  `code-sha256: ${outputs['code-sha256']}  code-size: ${outputs['code-size']}  archive: ${outputs['archive-path']}`
)
console.log(`step summary: ${summaryFile}`)
process.exit(exitCode)
