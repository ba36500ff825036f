import { readPyproject, unknownExtras, extraRequirements } from '../src/install/pyproject.js'
import { wheelPlatforms, targetMarkerEnvironment } from '../src/install/python-target.js'
import { fixScript } from '../src/install/python-scripts.js'
import { unfoundInLog, canBuildForTarget } from '../src/install/python-source-builds.js'
import { sourceVersion } from '../src/install/python-placeholders.js'
import { lockedRequirementLines } from '../src/install/python-lock-reading.js'
import { planPythonInstall } from '../src/plan/python-plan.js'
import { readPythonExtras } from '../src/inputs/build-inputs.js'
import { findRuntime } from '../src/model/runtimes.js'

const runtime = (id: string) => findRuntime(id)!

describe('readPyproject', () => {
  it('reads every PEP 621 form: extras entry first, literal strings, comments, inline tables elsewhere', () => {
    const pyproject = readPyproject(`
[project]
name = "svc"
dependencies = [
  "requests[socks]>=2.31",  # ] in a comment
  'pydantic',
  "orjson ; python_version >= '3.10'",
]
authors = [{ name = "A", email = "a@example.com" }]

[project.optional-dependencies]
fast = ["uvloop"]
"S3" = ["boto3[crt]"]

[tool.other]
dependencies = ["no"]
`)
    expect(pyproject.dependencies).toEqual(['requests[socks]>=2.31', 'pydantic', "orjson ; python_version >= '3.10'"])
    expect(extraRequirements(pyproject, ['s3'])).toEqual(['boto3[crt]'])
    expect(unknownExtras(pyproject, ['fast', 'slow'])).toEqual(['slow'])
    expect(pyproject.isPackage).toBe(false)
  })

  it('knows a package of its own: a [build-system] unless uv or Poetry say there is none', () => {
    const base = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "x"\n'
    expect(readPyproject(base).isPackage).toBe(true)
    expect(readPyproject(`${base}[tool.uv]\npackage = false\n`).isPackage).toBe(false)
    expect(readPyproject(`${base}[tool.poetry]\npackage-mode = false\n`).isPackage).toBe(false)
  })

  it('refuses invalid TOML and dynamic dependencies nothing can compute', () => {
    expect(() => readPyproject('[project]\ndependencies = ["a"')).toThrow(/^pyproject.toml is not valid TOML: /)
    expect(() => readPyproject('[project]\ndynamic = ["dependencies"]\n')).toThrow(
      /dynamic but has no \[build-system\]/
    )
  })
})

describe('target Python', () => {
  it('lists every manylinux tag the runtime glibc loads, newest first, legacy aliases after their PEP 600 name', () => {
    const al2 = wheelPlatforms(runtime('python3.11'), 'x86_64')
    expect(al2[0]).toBe('manylinux_2_26_x86_64')
    expect(al2).toContain('manylinux_2_24_x86_64')
    expect(al2).not.toContain('manylinux_2_28_x86_64')
    expect(al2.slice(al2.indexOf('manylinux_2_17_x86_64'), al2.indexOf('manylinux_2_17_x86_64') + 2)).toEqual([
      'manylinux_2_17_x86_64',
      'manylinux2014_x86_64'
    ])
    expect(al2.slice(-2)).toEqual(['manylinux_2_5_x86_64', 'manylinux1_x86_64'])
    const arm = wheelPlatforms(runtime('python3.13'), 'arm64')
    expect([arm[0], arm.length, arm.at(-1)]).toEqual(['manylinux_2_34_aarch64', 19, 'manylinux2014_aarch64'])
  })

  it('evaluates markers as Linux CPython X.Y on the target machine', () => {
    expect(targetMarkerEnvironment(runtime('python3.10'), 'arm64')).toMatchObject({
      python_version: '3.10',
      python_full_version: '3.10.0',
      platform_machine: 'aarch64',
      sys_platform: 'linux'
    })
  })

  it('builds from source only where this Python is the target one', () => {
    const builder = { version: '3.12', machine: 'aarch64', platform: 'linux' }
    expect(canBuildForTarget({ builder, runtime: runtime('python3.12'), architectures: ['arm64'] })).toBe(true)
    expect(canBuildForTarget({ builder, runtime: runtime('python3.12'), architectures: ['x86_64'] })).toBe(false)
    expect(canBuildForTarget({ builder, runtime: runtime('python3.13'), architectures: ['arm64'] })).toBe(false)
  })
})

describe('fixScript', () => {
  const python312 = runtime('python3.12')
  it('replaces a runner interpreter, env python and the /bin/sh trampoline with the runtime one', () => {
    for (const head of ['#!/root/.pyenv/versions/3.11.7/bin/python3.11\n', '#!/usr/bin/env python3\n']) {
      const fix = fixScript(Buffer.from(`${head}import sys\n`), python312)
      expect(fix.kind === 'python' && fix.content.toString()).toBe('#!/var/lang/bin/python3.12\nimport sys\n')
    }
    const trampoline = `#!/bin/sh\n'''exec' "/home/runner/with space/bin/python" "$0" "$@"\n' '''\nimport sys\n`
    const fix = fixScript(Buffer.from(trampoline), python312)
    expect(fix.kind === 'python' && fix.content.toString()).toBe('#!/var/lang/bin/python3.12\nimport sys\n')
  })

  it('keeps system shells and binaries, leaves out other interpreters', () => {
    expect(fixScript(Buffer.from('#!/bin/bash\necho\n'), python312)).toEqual({ kind: 'kept' })
    expect(fixScript(Buffer.from('\x7fELF'), python312)).toEqual({ kind: 'kept' })
    expect(fixScript(Buffer.from('#!/opt/ruby/bin/ruby\n'), python312)).toEqual({
      kind: 'left-out',
      shebang: '#!/opt/ruby/bin/ruby'
    })
  })
})

describe('unfoundInLog', () => {
  it('tells a source-only project from one with nothing, by the file names pip skipped', () => {
    const log = [
      'Skipping link: No sources permitted for lt-missing: file:///w/lt_srconly-1.0.tar.gz',
      "Skipping link: none of the wheel's tags (cp38-abi3-manylinux_2_35_x86_64) are compatible (run pip debug --verbose to show compatible tags): file:///w/lt_missing-4.0-cp38-abi3-manylinux_2_35_x86_64.whl",
      'ERROR: No matching distribution found for lt-missing>=2'
    ].join('\n')
    expect(unfoundInLog(log)).toEqual({
      name: 'lt-missing',
      requirement: 'lt-missing>=2',
      hasSource: false,
      otherTags: ['cp38-abi3-manylinux_2_35_x86_64']
    })
    expect(
      unfoundInLog(
        'Skipping link: No sources permitted for lt-srconly: file:///w/lt_srconly-1.0.tar.gz\nNo matching distribution found for lt-srconly'
      )?.hasSource
    ).toBe(true)
    expect(unfoundInLog('ERROR: hash mismatch')).toBeUndefined()
  })
})

describe('sourceVersion', () => {
  it('picks the newest source distribution of the project from the skipped links', () => {
    const log = [
      'Skipping link: No sources permitted for lt-src: file:///w/lt_src-1.9.tar.gz',
      'Skipping link: No sources permitted for lt-src: file:///w/lt_src-1.10.zip',
      'Skipping link: No sources permitted for lt-src: file:///w/lt_srcother-9.0.tar.gz'
    ].join('\n')
    expect(sourceVersion(log, 'lt-src')).toBe('1.10')
    expect(sourceVersion(log, 'lt-none')).toBeUndefined()
  })
})

describe('lockedRequirementLines', () => {
  it('pins every package with its hashes, or without any when one lacks them', () => {
    expect(
      lockedRequirementLines('uv.lock', [
        { name: 'b', version: '2', hashes: ['sha256:bb'] },
        { name: 'a', version: '1', hashes: ['sha256:a1', 'sha256:a2'] }
      ])
    ).toEqual({ lines: ['a==1 --hash=sha256:a1 --hash=sha256:a2', 'b==2 --hash=sha256:bb'], hashed: true })
    expect(
      lockedRequirementLines('poetry.lock', [
        { name: 'a', version: '1', hashes: [] },
        { name: 'b', version: '2', hashes: ['sha256:bb'] }
      ])
    ).toEqual({
      lines: ['# poetry.lock has no hashes for a: versions pinned, hashes not checked', 'a==1', 'b==2'],
      hashed: false
    })
  })
})

describe('planPythonInstall', () => {
  it('prefers lockfiles, then requirements.txt, then pyproject.toml, and says what it did not use', () => {
    expect(planPythonInstall(['pyproject.toml', 'poetry.lock', 'uv.lock', 'requirements.txt'], [])).toEqual({
      family: 'python',
      manifest: 'pyproject.toml',
      lockfile: 'uv.lock',
      extras: [],
      ignored: ['poetry.lock', 'requirements.txt']
    })
    expect(planPythonInstall(['uv.lock', 'requirements.txt'], [])).toMatchObject({ manifest: 'requirements.txt' })
    expect(planPythonInstall(['Pipfile'], [])).toBeUndefined()
  })
})

describe('python-extras input', () => {
  const build = { runtime: runtime('python3.12'), install: true, archive: '' }
  it('reads a list of extra names', () => {
    expect(readPythonExtras('fast, s3', build)).toEqual(['fast', 's3'])
    expect(readPythonExtras('', { ...build, runtime: runtime('nodejs22.x') })).toEqual([])
  })

  it('refuses bad names and runtimes or builds it cannot apply to', () => {
    expect(() => readPythonExtras('fast!', build)).toThrow(
      'Input "python-extras": "fast!" is not an extra name; expected names of [project.optional-dependencies] groups, e.g. "fast, s3".'
    )
    expect(() => readPythonExtras('fast', { ...build, runtime: runtime('nodejs22.x') })).toThrow(
      'Input "python-extras": selects pyproject.toml extras to install, but nodejs22.x is not a Python runtime; leave it empty.'
    )
  })
})
