// The three ways the zip bench packs a tree, each in its own measured process: the whole action
// (node dist/index.js, install: false, publish: false), the action's packing stage alone (the
// bundled bench/pack-layer.ts), and info-zip (`zip -r -X -q -y`, -y storing links as links as
// the action does). Each returns its wall time, peak RSS, zip size and SHA-256.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { runMeasured } from './measure.mjs'
import { runAction } from './run-action.mjs'

/** The targets are set for 2 cores: on a larger machine, runs are pinned to two of them. */
export const PINNED = cpus().length > 2
const TWO_CORES = ['taskset', '-c', '0,1']

function onCores(allCores, command, args) {
  return PINNED && !allCores ? [TWO_CORES[0], [...TWO_CORES.slice(1), command, ...args]] : [command, args]
}

async function fileSha256(path) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk)
  return hash.digest('base64')
}

async function zipFacts(zipPath) {
  return { bytes: (await stat(zipPath)).size, sha256: await fileSha256(zipPath) }
}

/** The action's packing stage alone; allCores leaves it unpinned (for the scaling figure). */
export async function packOurs(packer, tree, zipPath, allCores = false) {
  const run = await runMeasured(...onCores(allCores, process.execPath, [packer, tree.root, zipPath, tree.runtime]))
  if (run.code !== 0) throw new Error(`our packer failed (exit ${run.code}): ${run.stderr}`)
  const report = JSON.parse(run.stdout.trim().split('\n').pop())
  return { ...run, ...(await zipFacts(zipPath)), report }
}

/** The whole action, as the runner starts it, packing the tree as a prebuilt layer. */
export async function packWithAction(tree) {
  const inputs = {
    'layer-name': 'bench',
    runtime: tree.runtime,
    regions: 'eu-west-1',
    source: tree.root,
    install: 'false',
    publish: 'false',
    // Packing is what is measured against info-zip; loading the layer is another stage (and the
    // Debian-built Python tree lacks the system libraries numpy needs, which verify rightly refuses).
    verify: 'off',
    // The check runs either way; "warn" keeps a finding (Debian's glibc is newer than Lambda's) from failing the step.
    'compatibility-check': 'warn',
    // Staged through S3 (never reached: publish is false), so a zip over 50 MB is not refused.
    's3-bucket': 'bench-layers-{region}'
  }
  const inspect = async runnerTemp => {
    const [workspace] = await readdir(runnerTemp)
    return zipFacts(join(runnerTemp, workspace, 'bench.zip'))
  }
  return runAction(inputs, 'http://127.0.0.1:9', { prefix: PINNED ? TWO_CORES : [], inspect })
}

export async function packInfoZip(tree, zipPath) {
  const run = await runMeasured(...onCores(false, 'zip', ['-r', '-X', '-q', '-y', zipPath, tree.layerFolder]), {
    cwd: tree.root
  })
  if (run.code !== 0) throw new Error(`zip failed (exit ${run.code}): ${run.stderr}`)
  return { ...run, ...(await zipFacts(zipPath)) }
}

export async function unzipTest(zipPath) {
  const run = await runMeasured('unzip', ['-tq', zipPath])
  return run.code === 0
}
