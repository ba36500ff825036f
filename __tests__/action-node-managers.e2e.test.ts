import AdmZip from 'adm-zip'
import { readdir, readFile } from 'node:fs/promises'
import { delimiter, join, posix, resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'

/**
 * The pnpm and yarn routes of the Node.js installer, run with the real package managers from
 * this repository's devDependencies: pnpm 12 and yarn 4 (berry) from node_modules/.bin, yarn 1
 * (classic) from the yarn package's own bin folder, put first on the action's PATH.
 */
const FIXTURES = resolve('__tests__/fixtures')
const PNPM_AND_BERRY = resolve('node_modules/.bin')
const YARN_CLASSIC = resolve('node_modules/yarn/bin')

const server = useLoopbackServer()

function withOnPath(folder: string): NodeJS.ProcessEnv {
  return { PATH: [folder, process.env.PATH].join(delimiter) }
}

async function build(fixture: string, binFolder: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    { 'layer-name': fixture, runtime: 'nodejs22.x', regions: 'eu-west-1', source: join(FIXTURES, fixture), ...inputs },
    { endpoint: server.url, env: withOnPath(binFolder) }
  )
}

/** Every file of the folder (recursively) with its content: the user's source must not change. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder, { recursive: true, withFileTypes: true })).filter(entry => !entry.isDirectory())
  const files: Record<string, string> = {}
  for (const entry of names) {
    const path = join(entry.parentPath, entry.name)
    files[path.slice(folder.length + 1)] = await readFile(path, 'utf8')
  }
  return files
}

async function expectSourceUntouched(fixture: string, run: () => Promise<void>): Promise<void> {
  const before = await snapshot(join(FIXTURES, fixture))
  await run()
  expect(await snapshot(join(FIXTURES, fixture))).toEqual(before)
}

interface LayerEntries {
  names: string[]
  /** Symbolic links: entry name → the path inside the zip it points to. */
  links: Record<string, string>
}

function layerEntries(run: ActionRun): LayerEntries {
  const names: string[] = []
  const links: Record<string, string> = {}
  for (const entry of new AdmZip(run.outputs['archive-path']).getEntries()) {
    names.push(entry.entryName)
    if (((entry.attr >>> 16) & 0o170000) === 0o120000) {
      links[entry.entryName] = posix.normalize(
        posix.join(posix.dirname(entry.entryName), entry.getData().toString('utf8'))
      )
    }
  }
  return { names, links }
}

/** The flat layout Lambda resolves from /opt/nodejs/node_modules, without package managers' own records. */
function expectFlatLayer({ names, links }: LayerEntries): void {
  expect(names.filter(name => name !== 'nodejs/' && !name.startsWith('nodejs/node_modules/'))).toEqual([])
  for (const target of Object.values(links)) expect(target.startsWith('nodejs/node_modules/')).toBe(true)
  expect(
    names.filter(name =>
      /\/(\.pnpm|\.modules\.yaml|\.pnpm-workspace-state|\.yarn-state\.yml|\.yarn-integrity|\.pnp\.)/.test(name)
    )
  ).toEqual([])
}

function expectMsOnly(entries: LayerEntries): void {
  expect(entries.names).toContain('nodejs/node_modules/ms/index.js')
  expect(entries.names).toContain('nodejs/node_modules/ms/package.json')
  expect(entries.names.some(name => name.includes('is-number'))).toBe(false)
  expectFlatLayer(entries)
}

function expectSharpForArm64Only(entries: LayerEntries): void {
  expect(entries.names).toContain('nodejs/node_modules/sharp/package.json')
  expect(entries.names).toContain('nodejs/node_modules/@img/sharp-linux-arm64/package.json')
  expect(entries.names.some(name => name.startsWith('nodejs/node_modules/@img/sharp-libvips-linux-arm64/lib/'))).toBe(
    true
  )
  expect(entries.names.filter(name => /x64|x86_64/.test(name))).toEqual([])
  expect(entries.names.filter(name => /darwin|win32|musl|wasm/.test(name))).toEqual([])
  expectFlatLayer(entries)
}

function expectPublished(run: ActionRun, layerName: string, architecture: string): void {
  expect(errorLines(run)).toEqual([])
  expect(run.exitCode).toBe(0)
  const [stored] = server.layerVersions('eu-west-1', layerName)
  expect(stored.codeSha256).toBe(run.outputs['code-sha256'])
  expect(stored.compatibleArchitectures).toEqual([architecture])
}

describe('Node.js layer with pnpm (pnpm-lock.yaml)', () => {
  it('installs production dependencies hoisted, over the project’s isolated nodeLinker, the same bytes every time', async () => {
    let first!: ActionRun
    let second!: ActionRun
    await expectSourceUntouched('pnpm-layer', async () => {
      first = await build('pnpm-layer', PNPM_AND_BERRY)
      second = await build('pnpm-layer', PNPM_AND_BERRY, { publish: 'false' })
    })
    expectPublished(first, 'pnpm-layer', 'x86_64')
    expect(first.stdout).toMatch(
      /pnpm install --prod --frozen-lockfile --node-linker=hoisted --os=linux --libc=glibc --cpu=x64/
    )
    expectMsOnly(layerEntries(first))
    expect(second.exitCode).toBe(0)
    expect(second.outputs['code-sha256']).toBe(first.outputs['code-sha256'])
  })

  it('builds the Sharp layer for arm64 on an x86 runner with the arm64 binary only', async () => {
    let run!: ActionRun
    await expectSourceUntouched('pnpm-sharp-layer', async () => {
      run = await build('pnpm-sharp-layer', PNPM_AND_BERRY, { architectures: 'arm64' })
    })
    expectPublished(run, 'pnpm-sharp-layer', 'arm64')
    expectSharpForArm64Only(layerEntries(run))
  })
})

describe('Node.js layer with yarn 4 (yarn.lock, .yarnrc.yml)', () => {
  it('installs production dependencies into node_modules although the project uses Plug’n’Play', async () => {
    let run!: ActionRun
    await expectSourceUntouched('yarn-berry-layer', async () => {
      run = await build('yarn-berry-layer', PNPM_AND_BERRY)
    })
    expectPublished(run, 'yarn-berry-layer', 'x86_64')
    expect(run.stdout).toMatch(/yarn workspaces focus --all --production/)
    expectMsOnly(layerEntries(run))
  })

  it('builds the Sharp layer for arm64, replacing the project’s own supportedArchitectures', async () => {
    let run!: ActionRun
    await expectSourceUntouched('yarn-berry-sharp-layer', async () => {
      run = await build('yarn-berry-sharp-layer', PNPM_AND_BERRY, { architectures: 'arm64' })
    })
    expectPublished(run, 'yarn-berry-sharp-layer', 'arm64')
    expectSharpForArm64Only(layerEntries(run))
  })
})

describe('Node.js layer with yarn 1 (classic)', () => {
  it('installs production dependencies for the runner’s own architecture', async () => {
    let run!: ActionRun
    await expectSourceUntouched('yarn-classic-layer', async () => {
      run = await build('yarn-classic-layer', YARN_CLASSIC)
    })
    expectPublished(run, 'yarn-classic-layer', 'x86_64')
    expect(run.stdout).toMatch(/yarn install --production --frozen-lockfile --non-interactive/)
    expectMsOnly(layerEntries(run))
  })

  it('refuses another architecture with a message that names the way out, publishing nothing', async () => {
    let run!: ActionRun
    await expectSourceUntouched('yarn-classic-layer', async () => {
      run = await build('yarn-classic-layer', YARN_CLASSIC, { architectures: 'arm64' })
    })
    expect(run.exitCode).toBe(1)
    expect(errorLines(run).join('\n')).toMatch(
      /^yarn 1\.22\.22 \(classic\) installs only for the machine it runs on and cannot build for arm64 on x64; use yarn 4, pnpm or npm/m
    )
    expect(run.stdout).not.toMatch(/yarn install/)
    expect(server.layerVersions('eu-west-1', 'yarn-classic-layer')).toEqual([])
  })
})
