import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { writeInTreeProject, writeWheel } from './helpers/wheels.js'
import { zipEntryNames } from './helpers/zip-contents.js'

const PURE = 'py3-none-any'

async function folder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

interface Wheelhouse {
  path: string
  /** sha256:<hex> of each wheel, by "name==version". */
  hashes: Record<string, string>
  files: Record<string, string>
}

/** lt-app (extra socks, a backport for Python < 3.11), lt-plain 1.0 and a newer 2.0, and a dev tool. */
async function lockWheels(): Promise<Wheelhouse> {
  const path = await folder('lock-wheels-')
  const house: Wheelhouse = { path, hashes: {}, files: {} }
  const add = (name: string, version: string, requires: string[] = [], extras: string[] = []) => {
    const file = writeWheel(path, {
      name,
      version,
      tag: PURE,
      files: { [`${name.replace('-', '_')}/__init__.py`]: `VERSION = "${version}"\n` },
      requires,
      extras
    })
    house.hashes[`${name}==${version}`] = `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`
    house.files[`${name}==${version}`] = basename(file)
  }
  add('lt-app', '1.0', ['lt-backport ; python_version < "3.11"', 'lt-socks ; extra == "socks"'], ['socks'])
  for (const name of ['lt-backport', 'lt-socks', 'lt-speedy', 'lt-devtool']) add(name, '1.0')
  add('lt-plain', '1.0')
  add('lt-plain', '2.0')
  return house
}

async function buildLayer(source: string, wheels: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction(
    { 'layer-name': 'py', regions: 'eu-west-1', source, publish: 'false', ...inputs },
    { env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels } }
  )
}

/** Installed distributions (name-version), from the .dist-info folders. */
function distributions(run: ActionRun, runtime: string): string[] {
  const prefix = `python/lib/${runtime}/site-packages/`
  const names = zipEntryNames(run.outputs['archive-path'])
    .filter(name => name.startsWith(prefix))
    .map(name => name.slice(prefix.length).split('/')[0])
    .filter(name => name.endsWith('.dist-info'))
    .map(name => name.replace(/\.dist-info$/, ''))
  return [...new Set(names)].sort()
}

function uvLock(house: Wheelhouse, hashOverride?: string): string {
  const registry = (name: string, version: string, extra = '') => {
    const hash = hashOverride ?? house.hashes[`${name}==${version}`]
    return `[[package]]
name = "${name}"
version = "${version}"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.example/${house.files[`${name}==${version}`]}", hash = "${hash}", size = 1 }]
${extra}
`
  }
  return `version = 1
requires-python = ">=3.10"

[[package]]
name = "svc"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "lt-app", extra = ["socks"] },
    { name = "lt-plain" },
]

[package.optional-dependencies]
fast = [{ name = "lt-speedy" }]

[package.dev-dependencies]
dev = [{ name = "lt-devtool" }]

${registry('lt-app', '1.0', `dependencies = [{ name = "lt-backport", marker = "python_full_version < '3.11'" }]\n\n[package.optional-dependencies]\nsocks = [{ name = "lt-socks" }]`)}
${registry('lt-backport', '1.0')}
${registry('lt-devtool', '1.0')}
${registry('lt-plain', '1.0')}
${registry('lt-socks', '1.0')}
${registry('lt-speedy', '1.0')}
`
}

const UV_PYPROJECT =
  '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["lt-app[socks]", "lt-plain"]\n\n[project.optional-dependencies]\nfast = ["lt-speedy"]\n\n[dependency-groups]\ndev = ["lt-devtool"]\n'

describe('uv.lock without uv on PATH', () => {
  it('installs exactly the locked versions for python3.10 with hashes, the chosen extra, no dev group', async () => {
    const house = await lockWheels()
    const source = await folder('uv-')
    await writeFile(join(source, 'pyproject.toml'), UV_PYPROJECT)
    await writeFile(join(source, 'uv.lock'), uvLock(house))
    await writeFile(join(source, 'requirements.txt'), 'lt-devtool\n')
    const run = await buildLayer(source, house.path, { runtime: 'python3.10', 'python-extras': 'fast' })
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toContain(
      'Python dependencies from uv.lock (with pyproject.toml), extras fast; also present, not used: requirements.txt (lockfiles first: uv.lock, poetry.lock, Pipfile.lock, then requirements.txt, then pyproject.toml)'
    )
    expect(run.stdout).toContain('uv.lock: uv.lock read directly, hashes required')
    expect(distributions(run, 'python3.10')).toEqual([
      'lt_app-1.0',
      'lt_backport-1.0',
      'lt_plain-1.0',
      'lt_socks-1.0',
      'lt_speedy-1.0'
    ])
  })

  it('leaves out the backport for python3.12', async () => {
    const house = await lockWheels()
    const source = await folder('uv-')
    await writeFile(join(source, 'pyproject.toml'), UV_PYPROJECT)
    await writeFile(join(source, 'uv.lock'), uvLock(house))
    const run = await buildLayer(source, house.path, { runtime: 'python3.12' })
    expect(errorLines(run)).toEqual([])
    expect(distributions(run, 'python3.12')).toEqual(['lt_app-1.0', 'lt_plain-1.0', 'lt_socks-1.0'])
  })

  it('fails when a wheel does not match the hash in the lock', async () => {
    const house = await lockWheels()
    const source = await folder('uv-')
    await writeFile(join(source, 'pyproject.toml'), UV_PYPROJECT)
    await writeFile(join(source, 'uv.lock'), uvLock(house, `sha256:${'0'.repeat(64)}`))
    const run = await buildLayer(source, house.path, { runtime: 'python3.12' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('THESE PACKAGES DO NOT MATCH THE HASHES')
  })
})

describe('uv.lock of a package project', () => {
  it('installs the project built from source with a hash of its own, next to the locked dependencies', async () => {
    const house = await lockWheels()
    const source = await folder('uv-package-')
    await writeInTreeProject(
      source,
      { name: 'svc', version: '0.1.0', files: { 'svc/__init__.py': '' }, requires: ['lt-plain'] },
      '[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["lt-plain"]\n'
    )
    const lock = uvLock(house).replace('source = { virtual = "." }', 'source = { editable = "." }')
    await writeFile(join(source, 'uv.lock'), lock)
    const run = await buildLayer(source, house.path, { runtime: 'python3.12' })
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toContain('uv.lock: uv.lock read directly, hashes required')
    expect(distributions(run, 'python3.12')).toEqual(['lt_app-1.0', 'lt_plain-1.0', 'lt_socks-1.0', 'svc-0.1.0'])
  })
})

describe('uv.lock with uv on PATH', () => {
  it('installs what uv export writes, asked for the main group, the extras and no project', async () => {
    const house = await lockWheels()
    const source = await folder('uv-export-')
    await writeFile(join(source, 'pyproject.toml'), UV_PYPROJECT)
    await writeFile(join(source, 'uv.lock'), uvLock(house))
    const tools = await folder('uv-tool-')
    const argsFile = join(tools, 'args.txt')
    const exported = join(tools, 'exported.txt')
    await writeFile(
      exported,
      `lt-plain==1.0 \\\n    --hash=${house.hashes['lt-plain==1.0']}\nlt-backport==1.0 ; python_full_version < '3.11' \\\n    --hash=${house.hashes['lt-backport==1.0']}\n`
    )
    // A stand-in uv: records its arguments and writes the export uv would.
    await writeFile(
      join(tools, 'uv'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nwhile [ "$1" != "--output-file" ]; do shift; done\ncp '${exported}' "$2"\n`,
      { mode: 0o755 }
    )
    const run = await runAction(
      {
        'layer-name': 'py',
        regions: 'eu-west-1',
        source,
        publish: 'false',
        runtime: 'python3.10',
        'python-extras': 'fast'
      },
      { env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: house.path, PATH: `${tools}:${process.env.PATH}` } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toContain('uv.lock: uv export, hashes required')
    expect((await readFile(argsFile, 'utf8')).trim().split('\n').slice(0, -1)).toEqual([
      'export',
      '--frozen',
      '--format',
      'requirements-txt',
      '--no-dev',
      '--no-emit-project',
      '--no-header',
      '--extra',
      'fast',
      '--output-file'
    ])
    expect(distributions(run, 'python3.10')).toEqual(['lt_backport-1.0', 'lt_plain-1.0'])
  })
})

function poetryPackage(house: Wheelhouse, name: string, version: string, extra = ''): string {
  return `[[package]]
name = "${name}"
version = "${version}"
description = ""
optional = false
python-versions = "*"
files = [{ file = "${house.files[`${name}==${version}`]}", hash = "${house.hashes[`${name}==${version}`]}" }]
${extra}
`
}

async function poetrySource(house: Wheelhouse): Promise<string> {
  const source = await folder('poetry-')
  await writeFile(
    join(source, 'pyproject.toml'),
    '[tool.poetry]\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "^3.10"\nlt-app = { version = "^1.0", extras = ["socks"] }\nlt-plain = "1.0"\n\n[tool.poetry.group.dev.dependencies]\nlt-devtool = "*"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
  )
  const app = `[package.dependencies]\nlt-backport = { version = "*", markers = "python_version < \\"3.11\\"" }\nlt-socks = { version = "*", optional = true }\n\n[package.extras]\nsocks = ["lt-socks"]`
  await writeFile(
    join(source, 'poetry.lock'),
    [
      poetryPackage(house, 'lt-app', '1.0', app),
      poetryPackage(house, 'lt-backport', '1.0'),
      poetryPackage(house, 'lt-devtool', '1.0'),
      poetryPackage(house, 'lt-plain', '1.0'),
      poetryPackage(house, 'lt-socks', '1.0'),
      '[metadata]\nlock-version = "2.0"\npython-versions = "^3.10"\ncontent-hash = "0"\n'
    ].join('\n')
  )
  return source
}

describe('poetry.lock without Poetry on PATH', () => {
  it.each([
    ['python3.10', ['lt_app-1.0', 'lt_backport-1.0', 'lt_plain-1.0', 'lt_socks-1.0']],
    ['python3.13', ['lt_app-1.0', 'lt_plain-1.0', 'lt_socks-1.0']]
  ])('installs the main dependencies locked for %s, no dev group', async (runtime, expected) => {
    const house = await lockWheels()
    const source = await poetrySource(house)
    const run = await buildLayer(source, house.path, { runtime })
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toContain('poetry.lock: poetry.lock read directly, hashes required')
    expect(distributions(run, runtime)).toEqual(expected)
  })

  it('reads the lock itself, with a warning, when poetry export fails (Poetry 2 without its export plugin)', async () => {
    const house = await lockWheels()
    const source = await poetrySource(house)
    const tools = await folder('poetry-tool-')
    await writeFile(join(tools, 'poetry'), '#!/bin/sh\necho "The command \\"export\\" does not exist." >&2\nexit 1\n', {
      mode: 0o755
    })
    const run = await runAction(
      { 'layer-name': 'py', regions: 'eu-west-1', source, publish: 'false', runtime: 'python3.12' },
      { env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: house.path, PATH: `${tools}:${process.env.PATH}` } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toContain(
      '::warning::poetry export failed (Poetry 2 needs poetry-plugin-export); reading poetry.lock itself instead.'
    )
    expect(distributions(run, 'python3.12')).toEqual(['lt_app-1.0', 'lt_plain-1.0', 'lt_socks-1.0'])
  })
})

describe('Pipfile.lock', () => {
  it.each([
    ['python3.10', ['lt_backport-1.0', 'lt_plain-1.0']],
    ['python3.12', ['lt_plain-1.0']]
  ])('installs its default packages whose markers hold for %s, not develop', async (runtime, expected) => {
    const house = await lockWheels()
    const source = await folder('pipfile-')
    const entry = (name: string, markers?: string) => ({
      hashes: [house.hashes[`${name}==1.0`]],
      version: '==1.0',
      ...(markers ? { markers } : {})
    })
    await writeFile(
      join(source, 'Pipfile.lock'),
      JSON.stringify({
        _meta: { hash: { sha256: '0' }, 'pipfile-spec': 6, requires: {}, sources: [] },
        default: { 'lt-plain': entry('lt-plain'), 'lt-backport': entry('lt-backport', "python_version < '3.11'") },
        develop: { 'lt-devtool': entry('lt-devtool') }
      })
    )
    await writeFile(join(source, 'Pipfile'), '[packages]\nlt-plain = "*"\n')
    const run = await buildLayer(source, house.path, { runtime })
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toContain('Python dependencies from Pipfile.lock; also present, not used: Pipfile')
    expect(distributions(run, runtime)).toEqual(expected)
  })

  it('refuses python-extras, which only pyproject.toml defines', async () => {
    const source = await folder('pipfile-')
    await writeFile(join(source, 'Pipfile.lock'), '{"default": {}}')
    const run = await buildLayer(source, await folder('none-'), { runtime: 'python3.12', 'python-extras': 'fast' })
    expect(errorLines(run)).toEqual([
      'Input "python-extras": selects [project.optional-dependencies] groups of pyproject.toml, but the layer is installed from Pipfile.lock; remove python-extras or install from pyproject.toml.'
    ])
  })
})

describe('Python layer layout checks', () => {
  it('refuses a prebuilt python3.12 layer whose packages sit in python3.11 site-packages, naming both', async () => {
    const source = await folder('prebuilt-')
    await mkdir(join(source, 'python/lib/python3.11/site-packages/lt_old'), { recursive: true })
    await writeFile(join(source, 'python/lib/python3.11/site-packages/lt_old/__init__.py'), '')
    const run = await buildLayer(source, await folder('none-'), { runtime: 'python3.12', install: 'false' })
    expect(errorLines(run)).toEqual([
      'Input "source": the layer\'s packages under python/lib/python3.11/site-packages load only on python3.11, but runtime is python3.12, which loads python/lib/python3.12/site-packages; build the layer for python3.12, or set runtime to python3.11 (install is false, so the folder is zipped as it is).'
    ])
  })

  it('warns about each compatible runtime the layout cannot serve', async () => {
    const source = await folder('prebuilt-')
    await mkdir(join(source, 'python/lib/python3.12/site-packages/lt_new'), { recursive: true })
    await writeFile(join(source, 'python/lib/python3.12/site-packages/lt_new/__init__.py'), '')
    const run = await buildLayer(source, await folder('none-'), {
      runtime: 'python3.12',
      install: 'false',
      'compatible-runtimes': 'python3.12 python3.13 nodejs22.x'
    })
    expect(errorLines(run)).toEqual([])
    const warnings = run.stdout.split('\n').filter(line => line.startsWith('::warning::compatible-runtimes'))
    expect(warnings).toEqual([
      '::warning::compatible-runtimes lists python3.13, but nothing in the layer is where python3.13 loads from (/opt/python/lib/python3.13/site-packages, /opt/python, /opt/bin, /opt/lib); a function on python3.13 would not find these packages.',
      '::warning::compatible-runtimes lists nodejs22.x, but nothing in the layer is where nodejs22.x loads from (/opt/nodejs/node_modules, /opt/nodejs/node22/node_modules, /opt/bin, /opt/lib); a function on nodejs22.x would not find these packages.'
    ])
  })
})
