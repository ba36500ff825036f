// Packs a folder with the action's own packing path (tree walk → secret heads → filter → zip)
// and prints one JSON line: wall time of the packing, peak RSS, size and CodeSha256.
// Bundled by bench/run-bench.mjs with ncc and run in its own process, so its peak RSS is its own.
import { readLayerTree } from '../src/package/layer-tree.js'
import { filterLayerEntries } from '../src/package/layer-filter.js'
import { writeLayerZip } from '../src/package/zip-archive.js'
import { readSecretHeads } from '../src/package/read-secret-heads.js'
import { treeFileSources } from '../src/package/file-sources.js'

async function pack(root: string, zipPath: string): Promise<void> {
  const startedAt = process.hrtime.bigint()
  const tree = await readLayerTree(root)
  const heads = await readSecretHeads(treeFileSources(tree.entries))
  const filtered = filterLayerEntries(tree.entries, { exclude: [], includeSecrets: false, heads })
  const zipStartedAt = process.hrtime.bigint()
  const archive = await writeLayerZip(filtered.kept, zipPath)
  const finishedAt = process.hrtime.bigint()
  const report = {
    seconds: Number(finishedAt - startedAt) / 1e9,
    walkSeconds: Number(zipStartedAt - startedAt) / 1e9,
    zipSeconds: Number(finishedAt - zipStartedAt) / 1e9,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    zipBytes: archive.zipBytes,
    codeSha256: archive.codeSha256,
    entries: archive.entryNames.length
  }
  process.stdout.write(`${JSON.stringify(report)}\n`)
}

const [root, zipPath] = process.argv.slice(2)
if (!root || !zipPath) {
  process.stderr.write('usage: node pack-layer.js <folder> <zip>\n')
  process.exit(2)
}
await pack(root, zipPath)
