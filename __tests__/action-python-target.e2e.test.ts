import AdmZip from 'adm-zip'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { buildElf } from './helpers/native-builders.js'
import { dockerStandIn, withoutPassThroughVariables } from './helpers/docker-stand-in.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { writeInTreeProject, writeScriptedWheel, writeSdist, writeWheel } from './helpers/wheels.js'
import { zipEntryNames } from './helpers/zip-contents.js'
import { zipEntryModes } from './helpers/zip-modes.js'

const PURE = 'py3-none-any'

async function folder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/** Builds the layer offline from a folder of wheels (pip --no-index --find-links), without publishing. */
async function buildLayer(source: string, wheels: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction(
    { 'layer-name': 'py', regions: 'eu-west-1', source, publish: 'false', ...inputs },
    { env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels } }
  )
}

/** The first path component of every entry under prefix/, sorted: packages and .dist-info folders. */
function topLevel(run: ActionRun, prefix: string): string[] {
  const names = zipEntryNames(run.outputs['archive-path'])
    .filter(name => name.startsWith(`${prefix}/`) && name.length > prefix.length + 1)
    .map(name => name.slice(prefix.length + 1).split('/')[0])
  return [...new Set(names)].sort()
}

function entryText(run: ActionRun, name: string): string {
  const entry = new AdmZip(run.outputs['archive-path']).getEntry(name)
  if (!entry) throw new Error(`no ${name} in the layer`)
  return entry.getData().toString('utf8')
}

async function markerWheels(): Promise<string> {
  const wheels = await folder('marker-wheels-')
  writeWheel(wheels, {
    name: 'lt-app',
    version: '1.0',
    tag: PURE,
    files: { 'lt_app/__init__.py': '' },
    extras: ['socks'],
    requires: ['lt-backport ; python_version < "3.11"', 'lt-socks ; extra == "socks"']
  })
  for (const name of ['lt-backport', 'lt-socks', 'lt-plain', 'lt-speedy', 'lt-armonly'])
    writeWheel(wheels, { name, version: '1.0', tag: PURE, files: { [`${name.replace('-', '_')}/__init__.py`]: '' } })
  return wheels
}

const PYPROJECT = `[project]
name = "svc"
version = "1"
dependencies = [
  "lt-app[socks]>=1.0",  # an entry with extras first
  'lt-armonly ; platform_machine == "aarch64"',
  "lt-plain",
]

[project.optional-dependencies]
fast = ["lt-speedy"]

[tool.other]
dependencies = ["not-a-dependency"]
`

describe('Python markers for the target runtime', () => {
  it('installs every PEP 621 dependency, the chosen extras, and backports that python3.10 on arm64 needs, on a 3.11 x86_64 runner', async () => {
    const wheels = await markerWheels()
    const source = await folder('markers-')
    await writeFile(join(source, 'pyproject.toml'), PYPROJECT)
    const run = await buildLayer(source, wheels, {
      runtime: 'python3.10',
      architectures: 'arm64',
      'python-extras': 'fast'
    })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(topLevel(run, 'python/lib/python3.10/site-packages')).toEqual([
      'lt_app',
      'lt_app-1.0.dist-info',
      'lt_armonly',
      'lt_armonly-1.0.dist-info',
      'lt_backport',
      'lt_backport-1.0.dist-info',
      'lt_plain',
      'lt_plain-1.0.dist-info',
      'lt_socks',
      'lt_socks-1.0.dist-info',
      'lt_speedy',
      'lt_speedy-1.0.dist-info'
    ])
    expect(topLevel(run, 'python')).toEqual(['lib'])
  })

  it('leaves out what python3.12 on x86_64 does not need, and extras not asked for', async () => {
    const wheels = await markerWheels()
    const source = await folder('markers-')
    await writeFile(join(source, 'pyproject.toml'), PYPROJECT)
    const run = await buildLayer(source, wheels, { runtime: 'python3.12' })
    expect(errorLines(run)).toEqual([])
    expect(topLevel(run, 'python/lib/python3.12/site-packages')).toEqual([
      'lt_app',
      'lt_app-1.0.dist-info',
      'lt_plain',
      'lt_plain-1.0.dist-info',
      'lt_socks',
      'lt_socks-1.0.dist-info'
    ])
  })

  it('refuses an extra the pyproject does not define, naming the input', async () => {
    const source = await folder('markers-')
    await writeFile(join(source, 'pyproject.toml'), PYPROJECT)
    const run = await buildLayer(source, await folder('empty-'), {
      runtime: 'python3.12',
      'python-extras': 'fast,slow'
    })
    expect(errorLines(run)).toEqual([
      'Input "python-extras": slow is not in [project.optional-dependencies] of pyproject.toml; expected one of fast.'
    ])
  })
})

describe('Requires-Python for the target runtime', () => {
  it.each([
    ['python3.10', '1.0'],
    ['python3.12', '2.0']
  ])('installs on %s the newest release whose Requires-Python it meets (%s)', async (runtime, version) => {
    const wheels = await folder('requires-python-')
    writeWheel(wheels, { name: 'lt-modern', version: '1.0', tag: PURE, files: { 'lt_modern/__init__.py': '' } })
    writeWheel(wheels, {
      name: 'lt-modern',
      version: '2.0',
      tag: PURE,
      files: { 'lt_modern/__init__.py': '' },
      requiresPython: '>=3.11'
    })
    const source = await folder('requires-python-')
    await writeFile(join(source, 'requirements.txt'), 'lt-modern\n')
    const run = await buildLayer(source, wheels, { runtime })
    expect(errorLines(run)).toEqual([])
    expect(topLevel(run, `python/lib/${runtime}/site-packages`)).toEqual([
      'lt_modern',
      `lt_modern-${version}.dist-info`
    ])
  })
})

describe('Python wheel tags for the runtime glibc', () => {
  async function taggedWheels(): Promise<string> {
    const wheels = await folder('tagged-wheels-')
    const native = buildElf({ machine: 'x86_64', glibc: ['GLIBC_2.17'] })
    const platforms = {
      '1.0': 'manylinux2014',
      '2.0': 'manylinux_2_24',
      '3.0': 'manylinux_2_31',
      '4.0': 'manylinux_2_35'
    }
    for (const [version, platform] of Object.entries(platforms)) {
      writeWheel(wheels, {
        name: 'lt-tagged',
        version,
        tag: `cp38-abi3-${platform}_x86_64`,
        files: { 'lt_tagged/_native.abi3.so': native }
      })
    }
    writeWheel(wheels, {
      name: 'lt-old',
      version: '1.0',
      tag: 'cp38-abi3-manylinux1_x86_64',
      files: { 'lt_old/_old.abi3.so': native }
    })
    return wheels
  }

  it.each([
    ['python3.11', '2.0'],
    ['python3.12', '3.0']
  ])('installs on %s the newest release its glibc loads (%s), and manylinux1 wheels', async (runtime, version) => {
    const wheels = await taggedWheels()
    const source = await folder('tagged-')
    await writeFile(join(source, 'requirements.txt'), 'lt-tagged>=1\nlt-old\n')
    const run = await buildLayer(source, wheels, { runtime })
    expect(errorLines(run)).toEqual([])
    expect(topLevel(run, `python/lib/${runtime}/site-packages`)).toEqual([
      'lt_old',
      'lt_old-1.0.dist-info',
      'lt_tagged',
      `lt_tagged-${version}.dist-info`
    ])
  })
})

describe('Python console scripts', () => {
  it('puts them in bin/ with the runtime interpreter, keeps system shells, leaves out interpreters Lambda lacks', async () => {
    const wheels = await folder('script-wheels-')
    writeScriptedWheel(wheels, {
      name: 'lt-tool',
      version: '1.0',
      tag: PURE,
      files: { 'lt_tool/__init__.py': 'def main():\n    return 0\n' },
      consoleScripts: { 'lt-tool': 'lt_tool:main' },
      dataScripts: {
        'lt-data': '#!python\nprint("data")\n',
        'lt-shell': '#!/bin/sh\necho shell\n',
        'lt-perl': '#!/opt/homebrew/bin/perl\nprint "perl"\n'
      }
    })
    const source = await folder('scripts-')
    await writeFile(join(source, 'requirements.txt'), 'lt-tool\n')
    const run = await buildLayer(source, wheels, { runtime: 'python3.13' })
    expect(errorLines(run)).toEqual([])
    expect(topLevel(run, 'bin')).toEqual(['lt-data', 'lt-shell', 'lt-tool'])
    expect(topLevel(run, 'python/lib/python3.13/site-packages')).toEqual(['lt_tool', 'lt_tool-1.0.dist-info'])
    expect(entryText(run, 'bin/lt-tool').split('\n')[0]).toBe('#!/var/lang/bin/python3.13')
    expect(entryText(run, 'bin/lt-tool')).toContain('from lt_tool import main')
    expect(entryText(run, 'bin/lt-data')).toBe('#!/var/lang/bin/python3.13\nprint("data")\n')
    expect(entryText(run, 'bin/lt-shell')).toBe('#!/bin/sh\necho shell\n')
    const modes = zipEntryModes(run.outputs['archive-path'])
    expect([modes['bin/lt-tool'], modes['bin/lt-data'], modes['bin/lt-shell']]).toEqual([0o755, 0o755, 0o755])
    expect(run.stdout).toContain(
      '::notice::Console script lt-perl left out of the layer: its interpreter /opt/homebrew/bin/perl is not on Lambda.'
    )
    const record = entryText(run, 'python/lib/python3.13/site-packages/lt_tool-1.0.dist-info/RECORD')
    const recorded = (name: string) => {
      const content = Buffer.from(entryText(run, `bin/${name}`))
      return `../../../../bin/${name},sha256=${createHash('sha256').update(content).digest('base64url')},${content.length}`
    }
    expect(record.split('\n').filter(line => line.includes('bin/'))).toEqual(
      ['lt-data', 'lt-shell', 'lt-tool'].map(recorded)
    )
    // Nothing in the layer names the Python that ran pip.
    const runnerPrefix = execFileSync('python3', ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim()
    const zip = new AdmZip(run.outputs['archive-path'])
    expect(zip.getEntries().filter(entry => entry.getData().toString('latin1').includes(runnerPrefix))).toEqual([])
  })
})

describe('Python project with a [build-system]', () => {
  it('builds and installs the project itself, its dependencies for the target and its console script', async () => {
    const wheels = await markerWheels()
    const source = await folder('project-')
    await writeInTreeProject(
      source,
      {
        name: 'lt-svc',
        version: '0.3',
        files: { 'lt_svc/__init__.py': 'def main():\n    return 0\n' },
        extras: ['fast'],
        requires: ['lt-plain', 'lt-backport ; python_version < "3.11"', 'lt-speedy ; extra == "fast"'],
        scripts: { 'lt-svc': 'lt_svc:main' }
      },
      '[project]\nname = "lt-svc"\nversion = "0.3"\ndependencies = ["lt-plain", \'lt-backport ; python_version < "3.11"\']\n\n[project.optional-dependencies]\nfast = ["lt-speedy"]\n'
    )
    const run = await buildLayer(source, wheels, { runtime: 'python3.10', 'python-extras': 'fast' })
    expect(errorLines(run)).toEqual([])
    expect(topLevel(run, 'python/lib/python3.10/site-packages')).toEqual([
      'lt_backport',
      'lt_backport-1.0.dist-info',
      'lt_plain',
      'lt_plain-1.0.dist-info',
      'lt_speedy',
      'lt_speedy-1.0.dist-info',
      'lt_svc',
      'lt_svc-0.3.dist-info'
    ])
    expect(topLevel(run, 'bin')).toEqual(['lt-svc'])
    expect(entryText(run, 'bin/lt-svc').split('\n')[0]).toBe('#!/var/lang/bin/python3.10')
    // Where pip found the built wheel (this run's scratch folder) is not recorded in the layer.
    expect(topLevel(run, 'python/lib/python3.10/site-packages/lt_svc-0.3.dist-info')).toEqual([
      'INSTALLER',
      'METADATA',
      'RECORD',
      'REQUESTED',
      'WHEEL',
      'entry_points.txt'
    ])
    expect(entryText(run, 'python/lib/python3.10/site-packages/lt_svc-0.3.dist-info/RECORD')).not.toContain(
      'direct_url'
    )
  })
})

describe('Python source-only packages', () => {
  async function sdistWheels(): Promise<string> {
    const wheels = await folder('sdist-wheels-')
    await writeSdist(wheels, { name: 'lt-srconly', version: '1.0', files: { 'lt_srconly/__init__.py': 'X = 1\n' } })
    return wheels
  }

  it('builds them where the runner Python is the target one (python3.11 x86_64 here)', async () => {
    const source = await folder('sdist-')
    await writeFile(join(source, 'requirements.txt'), 'lt-srconly\n')
    const run = await buildLayer(source, await sdistWheels(), { runtime: 'python3.11' })
    expect(errorLines(run)).toEqual([])
    expect(topLevel(run, 'python/lib/python3.11/site-packages')).toEqual(['lt_srconly', 'lt_srconly-1.0.dist-info'])
  })

  it('builds them inside build-image, whose Python is the runtime one', async () => {
    const docker = await dockerStandIn()
    const source = await folder('sdist-image-')
    await writeFile(join(source, 'requirements.txt'), 'lt-srconly\n')
    // The stand-in runs the image's commands here, with this Python 3.11 on x86_64, as build-python3.11 would.
    const run = await runAction(
      {
        'layer-name': 'py',
        regions: 'eu-west-1',
        source,
        publish: 'false',
        runtime: 'python3.11',
        'build-image': 'sam'
      },
      {
        env: {
          ...withoutPassThroughVariables(),
          ...docker.env,
          PIP_NO_INDEX: '1',
          PIP_FIND_LINKS: await sdistWheels()
        }
      }
    )
    expect(errorLines(run)).toEqual([])
    expect(topLevel(run, 'python/lib/python3.11/site-packages')).toEqual(['lt_srconly', 'lt_srconly-1.0.dist-info'])
    const wheelBuilds = (await docker.calls()).filter(call => call.includes('wheel'))
    expect(wheelBuilds).toHaveLength(1)
    expect(wheelBuilds[0]).toContain('public.ecr.aws/sam/build-python3.11:latest-x86_64')
    expect(wheelBuilds[0].slice(-9)).toEqual([
      'python3',
      '-m',
      'pip',
      'wheel',
      '--no-deps',
      '--disable-pip-version-check',
      '--wheel-dir',
      join(dirname(run.outputs['archive-path']), 'staging', 'built-wheels'),
      'lt-srconly'
    ])
  })

  it('names each one, a dependency too, and the ways out where it cannot build for the target', async () => {
    const wheels = await sdistWheels()
    await writeSdist(wheels, { name: 'lt-srctoo', version: '2.1', files: { 'lt_srctoo/__init__.py': '' } })
    writeWheel(wheels, {
      name: 'lt-wrapper',
      version: '1.0',
      tag: PURE,
      files: { 'lt_wrapper/__init__.py': '' },
      requires: ['lt-srctoo>=2']
    })
    const source = await folder('sdist-')
    await writeFile(join(source, 'requirements.txt'), 'lt-srconly\nlt-wrapper\n')
    const run = await buildLayer(source, wheels, { runtime: 'python3.12' })
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      "lt-srconly, lt-srctoo have no wheel for python3.12 x86_64, only source, and the Python here (3.11 on linux x86_64) cannot build for them; set build-image: sam (AWS SAM's python3.12 image), run the job in a container with Python 3.12, use a x86_64 runner with Python 3.12 (actions/setup-python), or pin a version that has wheels"
    ])
    expect(run.outputs['archive-path']).toBeUndefined()
  })

  it('says which Python, platform tags and binary policy found nothing', async () => {
    const source = await folder('nothing-')
    await writeFile(join(source, 'requirements.txt'), 'lt-missing>=2\n')
    const run = await buildLayer(source, await sdistWheels(), { runtime: 'python3.13', architectures: 'arm64' })
    expect(errorLines(run)).toEqual([
      'pip found no distribution of lt-missing>=2 for Python 3.13 (cp313, abi3 or none), platforms manylinux_2_34_aarch64 … manylinux2014_aarch64 (19 tags) or any, binary wheels only (--only-binary=:all:)'
    ])
  })

  it('names the tags of wheels that exist only for a newer glibc', async () => {
    const wheels = await folder('too-new-')
    writeWheel(wheels, {
      name: 'lt-new',
      version: '4.0',
      tag: 'cp38-abi3-manylinux_2_35_x86_64',
      files: { 'lt_new/_new.abi3.so': buildElf({ machine: 'x86_64', glibc: ['GLIBC_2.35'] }) }
    })
    const source = await folder('too-new-')
    await writeFile(join(source, 'requirements.txt'), 'lt-new\n')
    const run = await buildLayer(source, wheels, { runtime: 'python3.12' })
    expect(errorLines(run)).toEqual([
      'pip found no distribution of lt-new for Python 3.12 (cp312, abi3 or none), platforms manylinux_2_34_x86_64 … manylinux1_x86_64 (33 tags) or any, binary wheels only (--only-binary=:all:); its wheels are tagged cp38-abi3-manylinux_2_35_x86_64'
    ])
  })
})

describe('Python layer for two architectures', () => {
  it('warns as for Node.js and refuses native wheels pip would pick for one of them', async () => {
    const wheels = await folder('two-arch-')
    for (const [machine, elf] of [
      ['x86_64', 'x86_64'],
      ['aarch64', 'arm64']
    ] as const) {
      writeWheel(wheels, {
        name: 'lt-native',
        version: '1.0',
        tag: `cp312-cp312-manylinux_2_17_${machine}`,
        files: { 'lt_native/_speed.cpython-312.so': buildElf({ machine: elf, glibc: ['GLIBC_2.17'] }) }
      })
    }
    const source = await folder('two-arch-')
    await writeFile(join(source, 'requirements.txt'), 'lt-native\n')
    const run = await buildLayer(source, wheels, { runtime: 'python3.12', architectures: 'x86_64,arm64' })
    expect(run.stdout).toContain(
      '::warning::The layer targets both x86_64 and arm64: native packages can only match one; use a matrix with one architecture each when dependencies have native code.'
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run).at(-1)).toMatch(
      /^Not published: 1 native file\(s\) would not load on python3\.12 x86_64\+arm64: python\/lib\/python3\.12\/site-packages\/lt_native\/_speed\.cpython-312\.so: .*must hold no native code/
    )
  })
})
