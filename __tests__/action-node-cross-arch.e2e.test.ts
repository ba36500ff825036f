import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { linksLeavingTheLayer, zipEntryKinds } from './helpers/layer-links.js'
import { manifest, pathWith, PNPM_AND_BERRY, runTool, writeTree } from './helpers/node-projects.js'

/**
 * esbuild for arm64 on an x64 runner, from the npm registry: its postinstall would check (and
 * replace) the binary for the runner's CPU, so dependencies' install scripts must not run when
 * the layer is for another CPU; the target's prebuilt @esbuild/linux-arm64 serves instead.
 */
const server = useLoopbackServer()
const ESBUILD = '0.25.0'
const NM = 'nodejs/node_modules'

function notices(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::notice::'))
    .map(line => line.slice('::notice::'.length))
}

function expectArm64Esbuild(run: ActionRun): void {
  expect(errorLines(run)).toEqual([])
  expect(run.exitCode).toBe(0)
  const kinds = zipEntryKinds(run.outputs['archive-path'])
  expect(kinds[`${NM}/@esbuild/linux-arm64/bin/esbuild`]).toBe('-755')
  expect(kinds[`${NM}/esbuild/package.json`]).toBe('-644')
  const scoped = Object.keys(kinds).filter(name => name.startsWith(`${NM}/@esbuild/`))
  expect(scoped.filter(name => !name.startsWith(`${NM}/@esbuild/linux-arm64/`))).toEqual([`${NM}/@esbuild/`])
  expect(Object.keys(kinds).filter(name => /x64|x86_64|amd64/.test(name))).toEqual([])
  expect(linksLeavingTheLayer(run.outputs['archive-path'])).toEqual([])
  expect(notices(run)).toEqual([
    expect.stringMatching(
      /^Install scripts not run, since they would build for this x64 machine rather than the layer's arm64: esbuild \(postinstall: node install.js\)\. The target's prebuilt packages \(--cpu=arm64\) serve instead/
    )
  ])
  expect(server.layerVersions('eu-west-1', run.outputs['archive-path'].match(/([^/]+)\.zip$/)![1])[0]).toMatchObject({
    compatibleArchitectures: ['arm64']
  })
}

describe('cross-architecture Node.js builds: install scripts do not run for the runner', () => {
  it('npm: esbuild for arm64 holds @esbuild/linux-arm64 and no x64 binary', async () => {
    const root = await writeTree({ 'package.json': manifest('app', { esbuild: ESBUILD }) })
    runTool('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], root)
    const run = await runAction(
      {
        'layer-name': 'esbuild-npm',
        runtime: 'nodejs22.x',
        verify: 'off',
        regions: 'eu-west-1',
        source: root,
        architectures: 'arm64'
      },
      { endpoint: server.url }
    )
    expect(run.stdout).toMatch(
      /npm ci --omit=dev --os=linux --libc=glibc --no-audit --no-fund --cpu=arm64 --ignore-scripts/
    )
    expectArm64Esbuild(run)
  })

  it('pnpm: the same with --ignore-scripts', async () => {
    const root = await writeTree({ 'package.json': manifest('app', { esbuild: ESBUILD }) })
    runTool('pnpm', ['install', '--lockfile-only'], root, PNPM_AND_BERRY)
    const run = await runAction(
      {
        'layer-name': 'esbuild-pnpm',
        runtime: 'nodejs22.x',
        verify: 'off',
        regions: 'eu-west-1',
        source: root,
        architectures: 'arm64'
      },
      { endpoint: server.url, env: pathWith(PNPM_AND_BERRY) }
    )
    expect(run.stdout).toMatch(/pnpm install .*--cpu=arm64 --ignore-scripts/)
    expectArm64Esbuild(run)
  })

  it('yarn 4: the same with enableScripts off', async () => {
    const root = await writeTree({
      'package.json': manifest('app', { esbuild: ESBUILD }),
      '.yarnrc.yml': 'enableTelemetry: false\n'
    })
    runTool('yarn', ['install', '--mode=update-lockfile'], root, PNPM_AND_BERRY)
    const run = await runAction(
      {
        'layer-name': 'esbuild-berry',
        runtime: 'nodejs22.x',
        verify: 'off',
        regions: 'eu-west-1',
        source: root,
        architectures: 'arm64'
      },
      { endpoint: server.url, env: pathWith(PNPM_AND_BERRY) }
    )
    expectArm64Esbuild(run)
  })

  it('runs the scripts when the layer is for the runner’s own CPU', async () => {
    const root = await writeTree({ 'package.json': manifest('app', { esbuild: ESBUILD }) })
    runTool('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], root)
    const run = await runAction(
      {
        'layer-name': 'esbuild-x64',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: root,
        publish: 'false',
        verify: 'off'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).not.toMatch(/--ignore-scripts/)
    expect(notices(run)).toEqual([])
    expect(zipEntryKinds(run.outputs['archive-path'])[`${NM}/@esbuild/linux-x64/bin/esbuild`]).toBe('-755')
  })
})
