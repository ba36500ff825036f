// npm run bench [-- --check] [--only zip|publish|fault] [--pairs N]: zip speed, size, memory and
// determinism against info-zip on real dependency trees and a generated one (the whole action and
// its packing stage, N >= 3 alternated pairs each), publishing fan-out, unchanged re-run and
// memory against the loopback API, and publishing under sustained faults against a fault-free run.
// Prints each figure with its target; exits 0 unless --check is given and a target is missed. Not
// part of npm test.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { printLines } from './report.mjs'
import { zipBench } from './zip-bench.mjs'
import { publishBench } from './publish-bench.mjs'
import { faultBench } from './fault-bench.mjs'

const SEED = 20261125
const check = process.argv.includes('--check')
const onlyAt = process.argv.indexOf('--only')
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined
const pairsAt = process.argv.indexOf('--pairs')
const pairs = pairsAt >= 0 ? Number(process.argv[pairsAt + 1]) : 3
if ((only !== undefined && !['zip', 'publish', 'fault'].includes(only)) || !(Number.isInteger(pairs) && pairs >= 3)) {
  console.error('usage: npm run bench [-- --check] [--only zip|publish|fault] [--pairs N (3 or more)]')
  process.exit(2)
}

function requireTool(path, hint) {
  if (!existsSync(path)) {
    console.error(`${path} is missing: ${hint}`)
    process.exit(2)
  }
}

/** Bundles bench/pack-layer.ts (the action's packing path) the way dist/ is bundled. */
function bundlePacker(outDir) {
  const ncc = spawnSync(
    process.execPath,
    ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'bench/pack-layer.ts', '-o', outDir, '-q'],
    { stdio: 'inherit' }
  )
  if (ncc.status !== 0) throw new Error('ncc could not bundle bench/pack-layer.ts')
  return join(outDir, 'index.js')
}

requireTool('/usr/bin/zip', 'install info-zip (apt-get install zip)')
requireTool('/usr/bin/unzip', 'install unzip (apt-get install unzip)')
requireTool('/usr/bin/time', 'install GNU time (apt-get install time)')
requireTool('dist/index.js', 'run npm run bundle first')

console.log(
  `Node ${process.version} (zlib ${process.versions.zlib}), ${cpus().length} cores${cpus().length > 2 ? ', zip runs pinned to 2 (taskset -c 0,1)' : ''}`
)
const build = await mkdtemp(join(tmpdir(), 'bench-build-'))
const lines = []
try {
  if (only === undefined || only === 'zip') {
    await zipBench(bundlePacker(build), SEED, pairs, (title, zipLines) => {
      printLines(title, zipLines)
      lines.push(...zipLines)
    })
  }
  if (only === undefined || only === 'fault') {
    const faultLines = await faultBench()
    printLines('Publish under faults (node dist/index.js against the loopback API)', faultLines)
    lines.push(...faultLines)
  }
  if (only !== 'zip' && only !== 'fault') {
    const publishLines = await publishBench()
    printLines('Publish (node dist/index.js against the loopback API)', publishLines)
    lines.push(...publishLines)
  }
} finally {
  await rm(build, { recursive: true, force: true })
}
const missed = lines.filter(entry => entry.pass === false)
console.log(
  `\n${lines.filter(entry => entry.pass !== undefined).length - missed.length} targets met, ${missed.length} missed`
)
if (check && missed.length > 0) process.exit(1)
