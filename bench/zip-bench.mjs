// Zip: the whole action and its packing stage alone, each against info-zip on the same tree, for
// real dependency trees and the generated one. Runs alternate (ours, info-zip, ours, info-zip...)
// so both see the same load; each ratio is the median of the per-pair ratios.
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadAverage } from './measure.mjs'
import { info, line, mb, mib, seconds } from './report.mjs'
import { benchTrees } from './trees.mjs'
import { packInfoZip, packOurs, packWithAction, PINNED, unzipTest } from './zip-runs.mjs'

const RSS_LIMIT = 256 * 1024 * 1024

/** The tree the targets are set for; the others are measured and shown with the same lines. */
const TARGET_TREE = 'node-api'
const TARGETS = { action: 0.55, size: 0.01 }

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function walls(runs) {
  return runs.map(run => seconds(run.seconds)).join(', ')
}

/** ours[i] against theirs[i]: the median ratio, and the median walls. */
function ratioLine(name, ours, theirs, target) {
  const ratio = median(ours.map((run, index) => run.seconds / theirs[index].seconds))
  const figure = `${ratio.toFixed(2)}x (${seconds(median(ours.map(run => run.seconds)))} / ${seconds(median(theirs.map(run => run.seconds)))})`
  return target === undefined ? info(name, figure) : line(name, figure, `<= ${target.toFixed(2)}x`, ratio <= target)
}

async function measureTree(tree, packer, scratch, pairs) {
  const targeted = tree.name === TARGET_TREE
  const load = await loadAverage()
  const action = []
  const packed = []
  const infoZip = []
  // Zips are removed once measured, but for our first (for unzip -t).
  const measured = async (zipPath, run) => (await rm(zipPath, { force: true }), run)
  for (let pair = 0; pair < pairs; pair++) {
    const ours = join(scratch, `${tree.name}-ours-${pair}.zip`)
    const theirs = join(scratch, `${tree.name}-info-zip.zip`)
    action.push(await packWithAction(tree))
    infoZip.push(await measured(theirs, await packInfoZip(tree, theirs)))
    packed.push(
      pair === 0 ? await packOurs(packer, tree, ours) : await measured(ours, await packOurs(packer, tree, ours))
    )
    infoZip.push(await measured(theirs, await packInfoZip(tree, theirs)))
  }
  const loadAfter = await loadAverage()
  const afterAction = infoZip.filter((_, index) => index % 2 === 0)
  const afterPacker = infoZip.filter((_, index) => index % 2 === 1)
  const ours = [...action, ...packed]
  const identical =
    ours.every(run => run.sha256 === ours[0].sha256) && packed.every(run => run.report.codeSha256 === run.sha256)
  const sizeDelta = ours[0].bytes / infoZip[0].bytes - 1
  const actionRss = Math.max(...action.map(run => run.maxRssBytes))
  const packerRss = Math.max(...packed.map(run => run.maxRssBytes))
  const unzipOk = await unzipTest(join(scratch, `${tree.name}-ours-0.zip`))
  const sized = (target, name, figure, pass) => (targeted ? line(name, figure, target, pass) : info(name, figure))
  return [
    info(
      'tree',
      `${tree.name}: ${tree.files.toLocaleString('en')} files, ${mb(tree.bytes)}${tree.seed ? ` (seed ${tree.seed})` : ''}`
    ),
    info('load average before / after', `${load} / ${loadAfter}`),
    info('whole action, wall per run', walls(action)),
    info('packing stage alone, wall per run', walls(packed)),
    info('info-zip (zip -r -X -q -y), wall per run', walls(infoZip)),
    ratioLine(
      `whole action / info-zip (median of ${pairs} pairs)`,
      action,
      afterAction,
      targeted ? TARGETS.action : undefined
    ),
    ratioLine(`packing stage / info-zip (median of ${pairs} pairs)`, packed, afterPacker),
    info(
      'CPU time (user + sys), median: action / stage / info-zip',
      [action, packed, infoZip].map(runs => seconds(median(runs.map(run => run.cpuSeconds)))).join(' / ')
    ),
    sized(
      '+1 % at most',
      'zip size vs info-zip',
      `${sizeDelta >= 0 ? '+' : ''}${(sizeDelta * 100).toFixed(2)} % (${ours[0].bytes.toLocaleString('en')} vs ${infoZip[0].bytes.toLocaleString('en')} bytes)`,
      sizeDelta <= TARGETS.size
    ),
    sized('<= 256 MiB', 'peak RSS, whole action', mib(actionRss), actionRss <= RSS_LIMIT),
    line('peak RSS, packing stage alone', mib(packerRss), '<= 256 MiB', packerRss <= RSS_LIMIT),
    info('peak RSS, info-zip', mib(Math.max(...infoZip.map(run => run.maxRssBytes)))),
    line(
      'byte-identical across runs (action and stage)',
      identical ? `yes (${ours[0].sha256})` : `no (${[...new Set(ours.map(run => run.sha256))].join(' vs ')})`,
      'identical',
      identical
    ),
    line('unzip -t of our zip', unzipOk ? 'no errors' : 'errors', 'no errors', unzipOk)
  ]
}

/** On more than 2 cores: the packing stage on 2 cores against all of them. */
async function scalingLines(tree, packer, scratch, pairs) {
  if (!PINNED) return [info('packing stage, 2 cores vs all', `not measured: this machine has ${cpus().length} cores`)]
  const two = []
  const all = []
  for (let pair = 0; pair < pairs; pair++) {
    const zipPath = join(scratch, 'scaling.zip')
    two.push(await packOurs(packer, tree, zipPath))
    all.push(await packOurs(packer, tree, zipPath, true))
    await rm(zipPath, { force: true })
  }
  const speedup = median(two.map((run, index) => run.seconds / all[index].seconds))
  return [
    info(
      `packing stage (${tree.name}), 2 cores vs all ${cpus().length}`,
      `${speedup.toFixed(2)}x faster on all (${seconds(median(two.map(run => run.seconds)))} / ${seconds(median(all.map(run => run.seconds)))})`
    )
  ]
}

/** Runs the zip comparison on every tree; packer is the bundled bench/pack-layer.ts. Calls report(title, lines) per tree. */
export async function zipBench(packer, seed, pairs, report) {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-zip-'))
  try {
    const { trees, skipped } = await benchTrees(scratch, seed)
    for (const tree of skipped) report(`Zip, ${tree.name}`, [info('skipped', tree.reason)])
    if (!trees.some(tree => tree.name === TARGET_TREE))
      report('Zip', [line(`${TARGET_TREE} tree`, 'not installed', 'measured', false)])
    for (const tree of trees) {
      const lines = await measureTree(tree, packer, scratch, pairs)
      if (tree.name === TARGET_TREE) lines.push(...(await scalingLines(tree, packer, scratch, pairs)))
      report(`Zip, ${tree.name}: the whole action and its packing stage vs info-zip`, lines)
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
