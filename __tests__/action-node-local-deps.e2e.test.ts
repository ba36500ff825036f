import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { linksLeavingTheLayer, zipEntryKinds } from './helpers/layer-links.js'
import {
  manifest,
  msFiles,
  pathWith,
  PNPM_AND_BERRY,
  runTool,
  writeTree,
  YARN_CLASSIC
} from './helpers/node-projects.js'

/**
 * Dependencies read from beside the project rather than a registry: file: folders and tarballs,
 * link: folders and workspace packages, with the real npm, pnpm and yarn. Each must land in the
 * layer as real files, never as a link to a folder the layer does not hold.
 */
const server = useLoopbackServer()
const NM = 'nodejs/node_modules'

async function build(source: string, name: string, env: NodeJS.ProcessEnv = {}, inputs = {}): Promise<ActionRun> {
  return runAction(
    { 'layer-name': name, runtime: 'nodejs22.x', regions: 'eu-west-1', source, ...inputs },
    { endpoint: server.url, env }
  )
}

function warnings(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::warning::'))
    .map(line => line.slice('::warning::'.length))
}

/** Entry → kind and mode: every folder d755, every file -644 unless executable. */
function expectLayer(run: ActionRun, files: string[]): void {
  expect(errorLines(run)).toEqual([])
  expect(run.exitCode).toBe(0)
  const kinds = zipEntryKinds(run.outputs['archive-path'])
  const expected = Object.fromEntries(
    ['nodejs/', `${NM}/`, ...files].map(name => [name, name.endsWith('/') ? 'd755' : '-644'])
  )
  expect(kinds).toEqual(expected)
  expect(linksLeavingTheLayer(run.outputs['archive-path'])).toEqual([])
}

const SHARED = {
  'shared/package.json': manifest('shared', { ms: '2.1.3' }),
  'shared/index.js': "module.exports = require('ms')('1s')\n"
}
const SHARED_FILES = [`${NM}/shared/`, `${NM}/shared/index.js`, `${NM}/shared/package.json`]

describe('npm: file: folders and tarballs', () => {
  it('packs file:../shared with its own dependencies, and a file: tarball, as real folders', async () => {
    const root = await writeTree({
      ...SHARED,
      'tarred/package.json': manifest('tarred'),
      'tarred/main.js': 'module.exports = 42\n',
      'app/package.json': manifest('app', { shared: 'file:../shared', tarred: 'file:../vendor/tarred-1.0.0.tgz' })
    })
    await mkdir(join(root, 'vendor'))
    runTool('npm', ['pack', '--pack-destination', join(root, 'vendor')], join(root, 'tarred'))
    runTool('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], join(root, 'app'))
    const run = await build(join(root, 'app'), 'npm-file-deps')
    expectLayer(run, [
      ...SHARED_FILES,
      `${NM}/shared/node_modules/`,
      ...msFiles(`${NM}/shared/node_modules`),
      `${NM}/tarred/`,
      `${NM}/tarred/main.js`,
      `${NM}/tarred/package.json`
    ])
    expect(warnings(run)).toEqual([
      `${join(root, 'shared')} (a file: dependency) has no lockfile: its dependencies are resolved afresh, so the layer is not reproducible`
    ])
    expect(run.stdout).toContain(`shared: copied from ${join(root, 'shared')}`)
    // Installed in the staged copies: the checkout is never written to.
    expect((await readdir(join(root, 'shared'))).sort()).toEqual(['index.js', 'package.json'])
    expect((await readdir(join(root, 'app'))).sort()).toEqual(['package-lock.json', 'package.json'])
  })

  it('fails naming a file: dependency whose folder is not there', async () => {
    const root = await writeTree({ 'app/package.json': manifest('app', { gone: 'file:../gone' }) })
    const run = await build(join(root, 'app'), 'npm-missing-dep')
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `dependency "gone" (file:../gone) in ${join(root, 'app/package.json')}: nothing at ${join(root, 'gone')}; a local path is read from the folder of the package.json that names it, so the folder or tarball must be checked out on the runner too`
    ])
    expect(server.requests).toEqual([])
  })

  it('warns that a layer without a lockfile is not reproducible', async () => {
    const root = await writeTree({ 'app/package.json': manifest('app', { ms: '2.1.3' }) })
    const run = await build(join(root, 'app'), 'npm-unlocked', {}, { publish: 'false' })
    expectLayer(run, msFiles(NM))
    expect(warnings(run)).toEqual([
      `${join(root, 'app')} has no lockfile (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml or yarn.lock): dependencies are resolved afresh on every run, so the layer is not reproducible; commit the lockfile your package manager writes`
    ])
  })
})

/** A workspace: api (the layer's source) uses shared and ms; other and the root's dev tools stay out. */
function workspaceFiles(sharedSpec: string): Record<string, string | object> {
  return {
    'packages/api/package.json': manifest('api', { shared: sharedSpec, ms: '2.1.3' }),
    'packages/api/handler.js': 'exports.handler = async () => 1\n',
    'packages/shared/package.json': manifest('shared'),
    'packages/shared/index.js': 'module.exports = 1\n',
    'packages/other/package.json': manifest('other', { 'is-number': '7.0.0' })
  }
}
const WORKSPACE_LAYER = [...msFiles(NM), `${NM}/shared/`, `${NM}/shared/index.js`, `${NM}/shared/package.json`]

describe('workspaces: a source that is a workspace package', () => {
  it('npm: installs the package’s production dependencies from the root’s package-lock.json', async () => {
    const root = await writeTree({
      'package.json': { name: 'monorepo', private: true, workspaces: ['packages/*'] },
      ...workspaceFiles('1.0.0')
    })
    runTool('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], root)
    const run = await build(join(root, 'packages/api'), 'npm-workspace')
    expect(run.stdout).toMatch(/npm ci --omit=dev .*--workspace=packages\/api/)
    expectLayer(run, WORKSPACE_LAYER)
    expect((await readdir(root)).sort()).toEqual(['package-lock.json', 'package.json', 'packages'])
    expect((await readdir(join(root, 'packages/api'))).sort()).toEqual(['handler.js', 'package.json'])
    expect(warnings(run)).toEqual([])
  })

  it('npm: a source that is the workspace root packs every workspace package as real files', async () => {
    const root = await writeTree({
      'package.json': { name: 'monorepo', private: true, workspaces: ['packages/*'] },
      ...workspaceFiles('1.0.0')
    })
    runTool('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], root)
    const run = await build(root, 'npm-workspace-root', {}, { publish: 'false' })
    expectLayer(run, [
      ...WORKSPACE_LAYER,
      `${NM}/api/`,
      `${NM}/api/handler.js`,
      `${NM}/api/package.json`,
      `${NM}/is-number/`,
      ...['LICENSE', 'README.md', 'index.js', 'package.json'].map(file => `${NM}/is-number/${file}`),
      `${NM}/other/`,
      `${NM}/other/package.json`
    ])
  })

  it('pnpm: installs from the root’s pnpm-lock.yaml, workspace: packages copied in', async () => {
    const root = await writeTree({
      'package.json': { name: 'monorepo', private: true },
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
      ...workspaceFiles('workspace:*')
    })
    runTool('pnpm', ['install', '--lockfile-only'], root, PNPM_AND_BERRY)
    const run = await build(join(root, 'packages/api'), 'pnpm-workspace', pathWith(PNPM_AND_BERRY))
    expect(run.stdout).toMatch(/pnpm install --prod --frozen-lockfile .*--filter=.\/packages\/api\.\.\./)
    expectLayer(run, WORKSPACE_LAYER)
  })

  it('yarn 4: focuses the package from the root’s yarn.lock', async () => {
    const root = await writeTree({
      'package.json': { name: 'monorepo', private: true, workspaces: ['packages/*'] },
      '.yarnrc.yml': 'nodeLinker: node-modules\nenableTelemetry: false\n',
      ...workspaceFiles('workspace:*')
    })
    runTool('yarn', ['install', '--mode=update-lockfile'], root, PNPM_AND_BERRY)
    const run = await build(join(root, 'packages/api'), 'berry-workspace', pathWith(PNPM_AND_BERRY))
    expect(run.stdout).toMatch(/yarn workspaces focus api --production/)
    expectLayer(run, WORKSPACE_LAYER)
  })
})

describe('pnpm and yarn: file: and link: folders', () => {
  it('pnpm: a file: folder and its dependencies are packed as real folders', async () => {
    const root = await writeTree({ ...SHARED, 'app/package.json': manifest('app', { shared: 'file:../shared' }) })
    runTool('pnpm', ['install', '--lockfile-only'], join(root, 'app'), PNPM_AND_BERRY)
    const run = await build(join(root, 'app'), 'pnpm-file', pathWith(PNPM_AND_BERRY))
    expectLayer(run, [...msFiles(NM), ...SHARED_FILES])
  })

  it('pnpm: a link: folder whose dependencies nobody installed fails naming it', async () => {
    const root = await writeTree({ ...SHARED, 'app/package.json': manifest('app', { shared: 'link:../shared' }) })
    runTool('pnpm', ['install', '--lockfile-only'], join(root, 'app'), PNPM_AND_BERRY)
    const run = await build(join(root, 'app'), 'pnpm-link', pathWith(PNPM_AND_BERRY))
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `dependency "shared" (the folder ${join(root, 'shared')}) needs ms, which pnpm did not install for a linked folder; make the folder a workspace package, depend on it with file: through pnpm or yarn, or pack it (npm pack) and depend on the tarball`
    ])
  })

  it('yarn 1: a file: folder is packed as a real folder', async () => {
    const root = await writeTree({ ...SHARED, 'app/package.json': manifest('app', { shared: 'file:../shared' }) })
    runTool('yarn', ['install', '--non-interactive'], join(root, 'app'), YARN_CLASSIC)
    const run = await build(join(root, 'app'), 'classic-file', pathWith(YARN_CLASSIC))
    expectLayer(run, [...msFiles(NM), ...SHARED_FILES])
  })
})

describe('more package managers and forms', () => {
  it('yarn 1: a workspace package gets its dependencies and the workspace packages it uses, nothing else', async () => {
    const root = await writeTree({
      'package.json': { name: 'monorepo', private: true, workspaces: ['packages/*'] },
      ...workspaceFiles('1.0.0')
    })
    runTool('yarn', ['install', '--non-interactive'], root, YARN_CLASSIC)
    const run = await build(join(root, 'packages/api'), 'classic-workspace', pathWith(YARN_CLASSIC))
    expectLayer(run, WORKSPACE_LAYER)
    expect(run.stdout).toMatch(/Left out, as api does not use them: .*is-number/)
  })

  it('yarn 4: a file: folder and a tarball are packed as real folders', async () => {
    const root = await writeTree({
      ...SHARED,
      'tarred/package.json': manifest('tarred'),
      'tarred/main.js': 'module.exports = 42\n',
      'app/package.json': manifest('app', { shared: 'file:../shared', tarred: 'file:../vendor/tarred-1.0.0.tgz' }),
      'app/.yarnrc.yml': 'enableTelemetry: false\n'
    })
    await mkdir(join(root, 'vendor'))
    runTool('npm', ['pack', '--pack-destination', join(root, 'vendor')], join(root, 'tarred'))
    runTool('yarn', ['install', '--mode=update-lockfile'], join(root, 'app'), PNPM_AND_BERRY)
    const run = await build(join(root, 'app'), 'berry-file', pathWith(PNPM_AND_BERRY))
    expectLayer(run, [
      ...msFiles(NM),
      ...SHARED_FILES,
      `${NM}/tarred/`,
      `${NM}/tarred/main.js`,
      `${NM}/tarred/package.json`
    ])
  })

  it('node_modules/.bin: a command whose shebang names the runner’s node is left out with a notice; the others stay links inside the layer', async () => {
    const root = await writeTree({
      'good/package.json': manifest('good', {}, { bin: { good: 'cli.js' } }),
      'good/cli.js': '#!/usr/bin/env node\nconsole.log("good")\n',
      'pinned/package.json': manifest('pinned', {}, { bin: { pinned: 'cli.js' } }),
      'pinned/cli.js': '#!/home/runner/work/_tool/node/22.1.0/x64/bin/node\nconsole.log("pinned")\n',
      'app/package.json': manifest('app', { good: 'file:../good', pinned: 'file:../pinned' })
    })
    runTool('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], join(root, 'app'))
    const run = await build(join(root, 'app'), 'node-bin', {}, { publish: 'false' })
    expect(errorLines(run)).toEqual([])
    expect(zipEntryKinds(run.outputs['archive-path'])).toEqual({
      'nodejs/': 'd755',
      [`${NM}/`]: 'd755',
      [`${NM}/.bin/`]: 'd755',
      [`${NM}/.bin/good`]: 'l777',
      [`${NM}/good/`]: 'd755',
      [`${NM}/good/cli.js`]: '-755',
      [`${NM}/good/package.json`]: '-644',
      [`${NM}/pinned/`]: 'd755',
      [`${NM}/pinned/cli.js`]: '-755',
      [`${NM}/pinned/package.json`]: '-644'
    })
    expect(linksLeavingTheLayer(run.outputs['archive-path'])).toEqual([])
    expect(run.stdout).toContain(
      '::notice::Not packed: node_modules/.bin commands whose interpreter Lambda lacks: pinned (#!/home/runner/work/_tool/node/22.1.0/x64/bin/node); call them with node instead'
    )
  })
})
