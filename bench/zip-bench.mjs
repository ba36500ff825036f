// Zip: our packer (the action's packing path, in its own process) against info-zip on the same
// generated tree, side by side in one run.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateTree } from './generate-tree.mjs'
import { loadAverage, runMeasured } from './measure.mjs'
import { info, line, mb, seconds } from './report.mjs'

const RUNS = 2

/** The target is set for 2 cores: on a larger machine both packers are pinned to two of them. */
const PINNED = cpus().length > 2

function onTwoCores(command, args) {
  return PINNED ? ['taskset', ['-c', '0,1', command, ...args]] : [command, args]
}

async function fileSha256(path) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk)
  return hash.digest('base64')
}

async function packOurs(packer, tree, zipPath) {
  const run = await runMeasured(...onTwoCores(process.execPath, [packer, tree, zipPath]))
  if (run.code !== 0) throw new Error(`our packer failed (exit ${run.code}): ${run.stderr}`)
  return {
    ...run,
    report: JSON.parse(run.stdout),
    bytes: (await stat(zipPath)).size,
    sha256: await fileSha256(zipPath)
  }
}

async function packInfoZip(tree, zipPath) {
  // -y stores links as links, as our packer does.
  const run = await runMeasured(...onTwoCores('zip', ['-r', '-X', '-q', '-y', zipPath, 'nodejs']), { cwd: tree })
  if (run.code !== 0) throw new Error(`zip failed (exit ${run.code}): ${run.stderr}`)
  return { ...run, bytes: (await stat(zipPath)).size }
}

async function unzipTest(zipPath) {
  const run = await runMeasured('unzip', ['-tq', zipPath])
  return run.code === 0
}

/** Runs the zip comparison; packer is the bundled bench/pack-layer.ts. */
export async function zipBench(packer, seed) {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-zip-'))
  try {
    const tree = join(scratch, 'tree')
    await mkdir(tree)
    const shape = await generateTree(tree, seed)
    const load = await loadAverage()
    const ours = []
    const theirs = []
    for (let run = 0; run < RUNS; run++) {
      ours.push(await packOurs(packer, tree, join(scratch, `ours-${run}.zip`)))
      theirs.push(await packInfoZip(tree, join(scratch, `info-zip-${run}.zip`)))
    }
    const loadAfter = await loadAverage()
    const ourBest = Math.min(...ours.map(run => run.seconds))
    const theirBest = Math.min(...theirs.map(run => run.seconds))
    const ourRss = Math.max(...ours.map(run => run.maxRssBytes))
    const identical = ours.every(run => run.sha256 === ours[0].sha256 && run.report.codeSha256 === run.sha256)
    const sizeDelta = ours[0].bytes / theirs[0].bytes - 1
    const unzipOk = await unzipTest(join(scratch, 'ours-0.zip'))
    const ratio = ourBest / theirBest
    return [
      info('tree', `${shape.files} files, ${mb(shape.bytes)} (seed ${seed})`),
      info('cores', PINNED ? `2 of ${cpus().length} (taskset -c 0,1)` : `${cpus().length}`),
      info('load average before / after', `${load} / ${loadAfter}`),
      info('our packer, wall per run', ours.map(run => seconds(run.seconds)).join(', ')),
      info('info-zip (zip -r -X -q -y), wall per run', theirs.map(run => seconds(run.seconds)).join(', ')),
      line(
        'zip wall time, ours / info-zip (best of 2 each)',
        `${ratio.toFixed(2)}x (${seconds(ourBest)} / ${seconds(theirBest)})`,
        '<= 0.60x',
        ratio <= 0.6
      ),
      line('our packer peak RSS', mb(ourRss), '<= 256 MB', ourRss <= 256 * 1024 * 1024),
      info('info-zip peak RSS', mb(Math.max(...theirs.map(run => run.maxRssBytes)))),
      line(
        'byte-identical across runs',
        identical ? `yes (${ours[0].sha256})` : `no (${ours.map(run => run.sha256).join(' vs ')})`,
        'identical',
        identical
      ),
      line(
        'zip size vs info-zip',
        `${(sizeDelta * 100).toFixed(2)} % (${ours[0].bytes} vs ${theirs[0].bytes} bytes)`,
        'within 2 %',
        Math.abs(sizeDelta) <= 0.02
      ),
      line('unzip -t of our zip', unzipOk ? 'no errors' : 'errors', 'no errors', unzipOk)
    ]
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
