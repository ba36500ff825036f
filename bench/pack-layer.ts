// Packs a folder with the action's own packing stage (produceArchive on a prebuilt plan: walk,
// secret check, filter, zip, native-file check), without the rest of the action, and prints one
// JSON line last: wall time of the packing, peak RSS, size and CodeSha256. Bundled by
// bench/run-bench.mjs with ncc and run in its own process, so its peak RSS is its own.
import { basename, dirname } from 'node:path'
import { produceArchive } from '../src/package/produce-archive.js'
import { findRuntime } from '../src/model/runtimes.js'

async function pack(root: string, zipPath: string, runtimeId: string): Promise<void> {
  const runtime = findRuntime(runtimeId)
  if (!runtime) throw new Error(`unknown runtime ${runtimeId}`)
  const startedAt = process.hrtime.bigint()
  const produced = await produceArchive(
    { kind: 'prebuilt', sourceDir: root },
    {
      layerName: basename(zipPath, '.zip'),
      runtime,
      architectures: ['x86_64'],
      exclude: [],
      includeSecrets: false
    },
    { root: dirname(zipPath), layerDir: root, stagingDir: dirname(zipPath) }
  )
  const finishedAt = process.hrtime.bigint()
  const report = {
    seconds: Number(finishedAt - startedAt) / 1e9,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    zipBytes: produced.archive.zipBytes,
    codeSha256: produced.archive.codeSha256,
    entries: produced.archive.entryNames.length,
    nativeFiles: produced.nativeFiles.length
  }
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

const [root, zipPath, runtimeId = 'nodejs22.x'] = process.argv.slice(2)
if (!root || !zipPath) {
  process.stderr.write('usage: node pack-layer.js <folder> <zip> [runtime]\n')
  process.exit(2)
}
await pack(root, zipPath, runtimeId)
