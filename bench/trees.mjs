// The trees the zip bench packs, each laid out as a prebuilt layer (install: false):
// - node-api: the dependencies of a typical Lambda HTTP API, installed with `npm ci --ignore-scripts`
//   from bench/trees/node-api/package-lock.json (the tree the targets are set for);
// - python-data: a Python data/API layer (boto3, botocore, numpy, pandas, SQLAlchemy, psycopg2,
//   cryptography...), the dist-packages of the Debian packages pinned in
//   bench/trees/python-data/debian-packages.txt, fetched with `apt-get download` (PyPI is out of
//   reach here, Debian's archive is not) and unpacked with dpkg-deb;
// - generated: the seeded tree of generate-tree.mjs.
// Real trees are installed once into node_modules/.cache/bench-trees/<name>-<hash of the lockfile>.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { generateTree } from './generate-tree.mjs'

const CACHE = resolve('node_modules/.cache/bench-trees')
const TREES = resolve('bench/trees')
const DIST_PACKAGES = 'usr/lib/python3/dist-packages'

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}`
    )
  return result.stdout
}

async function cacheFolder(name, lockfile) {
  const hash = createHash('sha256')
    .update(await readFile(lockfile))
    .digest('hex')
    .slice(0, 12)
  return join(CACHE, `${name}-${hash}`)
}

/** Counts the regular files and their bytes under root, for the report. */
export function treeShape(root) {
  const counted = run('find', [root, '-type', 'f', '-printf', '%s\\n']).split('\n').filter(Boolean)
  return { files: counted.length, bytes: counted.reduce((total, size) => total + Number(size), 0) }
}

/** Installs into a temporary folder and renames it into place, so a failed install leaves no half tree. */
async function installOnce(root, install) {
  if (existsSync(root)) return root
  const partial = `${root}.partial`
  await rm(partial, { recursive: true, force: true })
  await mkdir(partial, { recursive: true })
  await install(partial)
  await rename(partial, root)
  return root
}

async function nodeApiTree() {
  const source = join(TREES, 'node-api')
  const root = await cacheFolder('node-api', join(source, 'package-lock.json'))
  await installOnce(root, async partial => {
    const layer = join(partial, 'nodejs')
    await mkdir(layer)
    for (const file of ['package.json', 'package-lock.json']) await copyFile(join(source, file), join(layer, file))
    run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], layer)
  })
  return { name: 'node-api', root, runtime: 'nodejs22.x', layerFolder: 'nodejs' }
}

async function pythonDataTree() {
  const list = join(TREES, 'python-data', 'debian-packages.txt')
  const root = await cacheFolder('python-data', list)
  await installOnce(root, async partial => {
    const packages = (await readFile(list, 'utf8')).split('\n').filter(line => line.trim() && !line.startsWith('#'))
    const debs = join(partial, 'debs')
    await mkdir(debs)
    run('apt-get', ['download', ...packages], debs)
    const unpacked = join(partial, 'unpacked')
    for (const deb of await readdir(debs)) run('dpkg-deb', ['-x', join(debs, deb), unpacked])
    await rename(join(unpacked, DIST_PACKAGES), join(partial, 'python'))
    await rm(debs, { recursive: true })
    await rm(unpacked, { recursive: true })
  })
  return { name: 'python-data', root, runtime: 'python3.11', layerFolder: 'python' }
}

async function generatedTree(scratch, seed) {
  const root = join(scratch, 'generated')
  await mkdir(root)
  await generateTree(root, seed)
  return { name: 'generated', root, runtime: 'nodejs22.x', layerFolder: 'nodejs', seed }
}

/**
 * The trees to pack, with their shapes; a real tree that cannot be installed (no network, no
 * apt-get) is reported as skipped with the reason rather than failing the bench.
 */
export async function benchTrees(scratch, seed) {
  const trees = []
  const skipped = []
  for (const [name, prepare] of [
    ['node-api', nodeApiTree],
    ['python-data', pythonDataTree],
    ['generated', () => generatedTree(scratch, seed)]
  ]) {
    try {
      const tree = await prepare()
      trees.push({ ...tree, ...treeShape(tree.root) })
    } catch (error) {
      skipped.push({ name, reason: error.message.split('\n')[0] })
    }
  }
  return { trees, skipped }
}
