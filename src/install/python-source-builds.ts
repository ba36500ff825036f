/**
 * pip install for the target runtime, binary wheels only; a package that only has a source
 * distribution is built into a wheel where the Python running pip is the target's own (same X.Y,
 * Linux, same machine: a runner like it, a job container or build-image), then installed from it.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PIP_MACHINE, type Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import { runTargetPip, type BuilderPython } from './python-helper.js'
import { sourceVersion, writePlaceholderWheel } from './python-placeholders.js'
import { describeTarget, targetMarkerEnvironment, targetPipOptions } from './python-target.js'
import { BuildError, nativeRunner, type CommandRunner } from './run-command.js'

export interface TargetInstall {
  runner: CommandRunner
  python: string
  builder: BuilderPython
  runtime: LambdaRuntime
  architectures: Architecture[]
  stagingDir: string
  cwd: string
  /** Platform tags accepted besides the manylinux ones (linux_<machine> for wheels built here). */
  platforms: string[]
  /** pip install arguments after the target options: --target, -r, --no-deps, … */
  installArgs: string[]
}

/** A requirement pip found no wheel for: its name, the requirement as pip printed it, and whether a source distribution exists. */
export interface Unfound {
  name: string
  requirement: string
  hasSource: boolean
  /** Wheel tags pip saw and skipped (for other Pythons or platforms), a few. */
  otherTags: string[]
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-')

/** The project name in a distribution file name: before the version of an sdist, the first part of a wheel. */
function fileProject(fileName: string): string {
  const file = decodeURIComponent(fileName)
  if (file.endsWith('.whl')) return normalize(file.split('-')[0])
  const stem = file.replace(/\.(tar\.gz|tar\.bz2|tgz|zip)$/, '')
  return normalize(stem.slice(0, Math.max(stem.lastIndexOf('-'), 0)))
}

/** What pip's debug log (--log) says it could not find. */
export function unfoundInLog(log: string): Unfound | undefined {
  const match = /No matching distribution found for (\S[^\r\n]*)/.exec(log)
  if (!match) return undefined
  const requirement = match[1].trim()
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(requirement)?.[0] ?? requirement
  const ofProject = (file: string) => fileProject(file) === normalize(name)
  const sources = [...log.matchAll(/No (?:sources|binaries) permitted for [^:]+: \S*\/([^/\s]+)/g)]
  const otherTags = [...log.matchAll(/none of the wheel's tags \(([^)]*)\) are compatible[^:]*: \S*\/([^/\s]+\.whl)/g)]
    .filter(found => ofProject(found[2]))
    .map(found => found[1])
  return {
    name,
    requirement,
    hasSource: sources.some(found => ofProject(found[1])),
    otherTags: [...new Set(otherTags)].slice(0, 3)
  }
}

/** True when wheels built by this Python load on the target: Linux, the same X.Y and machine. */
export function canBuildForTarget(install: Pick<TargetInstall, 'builder' | 'runtime' | 'architectures'>): boolean {
  const { builder, runtime, architectures } = install
  return (
    architectures.length === 1 &&
    builder.platform === 'linux' &&
    builder.version === runtime.languageVersion &&
    builder.machine === PIP_MACHINE[architectures[0]]
  )
}

function sourceOnlyError(install: TargetInstall, names: string[]): BuildError {
  const { builder, runtime, architectures } = install
  return new BuildError(
    `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} no wheel for ${runtime.id} ${architectures.join('+')}, only source, ` +
      `and the Python here (${builder.version} on ${builder.platform} ${builder.machine}) cannot build for ${names.length === 1 ? 'it' : 'them'}; ` +
      `set build-image: sam (AWS SAM's ${runtime.id} image), run the job in a container with Python ${runtime.languageVersion}, ` +
      `use a ${architectures[0]} runner with Python ${runtime.languageVersion} (actions/setup-python), or pin a version that has wheels`
  )
}

function nothingFoundError(install: TargetInstall, unfound: Unfound): BuildError {
  const others = unfound.otherTags.length > 0 ? `; its wheels are tagged ${unfound.otherTags.join(', ')}` : ''
  const where = install.runner.where === nativeRunner.where ? '' : `; pip ran in ${install.runner.where}`
  return new BuildError(
    `pip found no distribution of ${unfound.requirement} for ${describeTarget(install.runtime, install.architectures)}${others}${where}`
  )
}

async function buildWheel(install: TargetInstall, requirement: string, wheelDir: string): Promise<void> {
  await install.runner.run({
    program: install.python,
    args: ['-m', 'pip', 'wheel', '--no-deps', '--disable-pip-version-check', '--wheel-dir', wheelDir, requirement],
    cwd: install.cwd
  })
}

type Attempt = { ok: true } | { ok: false; error: unknown; unfound?: Unfound; log: string }

/** One pip install for the target; on failure, what its log says it could not find. */
async function attemptInstall(
  install: TargetInstall,
  extra: { findLinks: string[]; platforms: string[]; args: string[] },
  name: string
): Promise<Attempt> {
  const log = join(install.stagingDir, `${name}.log`)
  const platforms = [...new Set([...install.platforms, ...extra.platforms])]
  const args = [
    'install',
    ...targetPipOptions(install.runtime, install.architectures, platforms),
    ...extra.findLinks.flatMap(folder => ['--find-links', folder]),
    '--log',
    log,
    ...extra.args,
    ...install.installArgs
  ]
  const environment = targetMarkerEnvironment(install.runtime, install.architectures[0])
  try {
    await runTargetPip(install.runner, install.python, environment, args, install)
    return { ok: true }
  } catch (error) {
    const text = await readFile(log, 'utf8').catch(() => '')
    return { ok: false, error, unfound: error instanceof BuildError ? unfoundInLog(text) : undefined, log: text }
  }
}

/** Every source-only package pip meets, found by resolving again past each one with an empty stand-in wheel. */
async function allSourceOnly(install: TargetInstall, first: Unfound, firstLog: string): Promise<string[]> {
  const names = [first.name]
  const folder = join(install.stagingDir, 'placeholders')
  let [unfound, log] = [first, firstLog]
  for (let round = 1; round <= 20; round++) {
    const version = sourceVersion(log, unfound.name)
    if (version === undefined) break
    await writePlaceholderWheel(folder, unfound.name, version)
    const again = await attemptInstall(
      install,
      { findLinks: [folder], platforms: [], args: ['--dry-run'] },
      `pip-sources-${round}`
    )
    if (again.ok || !again.unfound?.hasSource || names.includes(again.unfound.name)) break
    names.push(again.unfound.name)
    ;[unfound, log] = [again.unfound, again.log]
  }
  return names
}

/** Installs for the target, building source-only packages first where this Python can. */
export async function installForTarget(install: TargetInstall): Promise<void> {
  const wheelDir = join(install.stagingDir, 'built-wheels')
  const buildable = canBuildForTarget(install)
  const built: string[] = []
  for (let round = 1; ; round++) {
    const builtHere = built.length > 0
    const result = await attemptInstall(
      install,
      {
        findLinks: builtHere ? [wheelDir] : [],
        platforms: builtHere ? [`linux_${PIP_MACHINE[install.architectures[0]]}`] : [],
        args: []
      },
      `pip-install-${round}`
    )
    if (result.ok) return
    const { unfound } = result
    if (!unfound) throw result.error
    if (!unfound.hasSource) throw nothingFoundError(install, unfound)
    if (!buildable) throw sourceOnlyError(install, await allSourceOnly(install, unfound, result.log))
    if (built.includes(unfound.name) || round > 20) throw result.error
    built.push(unfound.name)
    await buildWheel(install, unfound.requirement, wheelDir)
  }
}
