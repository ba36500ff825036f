/**
 * A pyproject.toml with a [build-system] is a package of its own: it is built into a wheel (with
 * its build backend, on this Python) and installed into the layer with its dependencies.
 */
import { createHash } from 'node:crypto'
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PIP_MACHINE, type Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import { canBuildForTarget } from './python-source-builds.js'
import type { BuilderPython } from './python-helper.js'
import { BuildError, type CommandRunner } from './run-command.js'

/** Folders of a project that are never part of its package and can be large. */
const NOT_COPIED = new Set([
  '.git',
  '.venv',
  'venv',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache'
])

export interface ProjectBuild {
  runner: CommandRunner
  python: string
  builder: BuilderPython
  runtime: LambdaRuntime
  architectures: Architecture[]
  sourceDir: string
  stagingDir: string
}

export interface ProjectWheel {
  /** The requirement line: name[extras] @ file:///…whl, with its hash when asked. */
  line: string
  /** The .dist-info folder it installs, e.g. svc-0.1.0.dist-info. */
  distInfo: string
  /** Platform tags to accept besides manylinux, for a wheel built for this very Python. */
  platforms: string[]
}

/** Builds the project's wheel and returns how to require it. */
export async function buildProjectWheel(
  build: ProjectBuild,
  project: { name: string; extras: string[]; hashed: boolean }
): Promise<ProjectWheel> {
  // A copy: build backends write into the tree (build/, *.egg-info), and a build image mounts the source read-only.
  const copy = join(build.stagingDir, 'project')
  const workspace = dirname(build.stagingDir)
  await cp(build.sourceDir, copy, {
    recursive: true,
    filter: source => !NOT_COPIED.has(basename(source)) && source !== workspace
  })
  const wheelDir = join(build.stagingDir, 'project-wheel')
  await mkdir(wheelDir, { recursive: true })
  await build.runner.run({
    program: build.python,
    args: [
      '-m',
      'pip',
      'wheel',
      '--no-deps',
      '--disable-pip-version-check',
      '--no-input',
      '--wheel-dir',
      wheelDir,
      copy
    ],
    cwd: build.stagingDir
  })
  const wheel = (await readdir(wheelDir)).find(name => name.endsWith('.whl'))
  if (!wheel) throw new BuildError(`building ${project.name} gave no wheel`)
  const pure = wheel.endsWith('-none-any.whl')
  if (!pure && !canBuildForTarget(build)) {
    throw new BuildError(
      `${project.name} builds a native wheel (${wheel}) with Python ${build.builder.version} on ${build.builder.machine}, which ${build.runtime.id} ${build.architectures.join('+')} cannot load; set build-image: sam or use a runner with Python ${build.runtime.languageVersion} on ${build.architectures[0]}`
    )
  }
  const path = join(wheelDir, wheel)
  const extras = project.extras.length > 0 ? `[${project.extras.join(',')}]` : ''
  let line = `${project.name}${extras} @ ${pathToFileURL(path).href}`
  if (project.hashed)
    line += ` --hash=sha256:${createHash('sha256')
      .update(await readFile(path))
      .digest('hex')}`
  const [distribution, version] = wheel.split('-')
  return {
    line,
    distInfo: `${distribution}-${version}.dist-info`,
    platforms: pure ? [] : [`linux_${PIP_MACHINE[build.architectures[0]]}`]
  }
}

/**
 * pip records where the project's wheel came from (PEP 610 direct_url.json): a path in this
 * run's scratch folder. It is removed, with its RECORD line, so the layer's bytes do not depend on it.
 */
export async function forgetScratchUrl(target: string, distInfo: string): Promise<void> {
  const folder = join(target, distInfo)
  await rm(join(folder, 'direct_url.json'), { force: true })
  const record = join(folder, 'RECORD')
  const text = await readFile(record, 'utf8').catch(() => undefined)
  if (text === undefined) return
  await writeFile(
    record,
    text
      .split('\n')
      .filter(line => !line.startsWith(`${distInfo}/direct_url.json,`))
      .join('\n')
  )
}
