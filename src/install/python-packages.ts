import * as core from '@actions/core'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Input } from '../model/action-io.js'
import { InputError } from '../model/errors.js'
import { installPath } from '../model/runtimes.js'
import { describePythonPlan, type PythonInstallPlan } from '../plan/python-plan.js'
import type { InstallContext } from './install-context.js'
import { describePython, evaluateForTarget } from './python-helper.js'
import { lockRequirements } from './python-locks.js'
import { buildProjectWheel, forgetScratchUrl } from './python-project.js'
import { placeConsoleScripts } from './python-scripts.js'
import { installForTarget } from './python-source-builds.js'
import { targetMarkerEnvironment } from './python-target.js'
import { extraRequirements, readPyproject, unknownExtras, type Pyproject } from './pyproject.js'
import { BuildError, type CommandRunner } from './run-command.js'

/** python3, else python: whichever has pip (images and distributions name it differently). */
async function findPython(runner: CommandRunner, cwd: string): Promise<string> {
  for (const candidate of ['python3', 'python']) {
    if ((await runner.output({ program: candidate, args: ['-m', 'pip', '--version'], cwd })) !== undefined)
      return candidate
  }
  throw new BuildError(
    `no python3 or python with pip was found on PATH (${runner.where}); add actions/setup-python before this step, or install python3-pip`
  )
}

async function readProject(plan: PythonInstallPlan, context: InstallContext): Promise<Pyproject | undefined> {
  if (plan.manifest !== 'pyproject.toml') return undefined
  const pyproject = readPyproject(await readFile(join(context.sourceDir, 'pyproject.toml'), 'utf8'))
  const unknown = unknownExtras(pyproject, plan.extras)
  if (unknown.length > 0) {
    const defined = Object.keys(pyproject.optionalDependencies)
    throw new InputError(
      Input.PythonExtras,
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in [project.optional-dependencies] of pyproject.toml; expected ${defined.length > 0 ? `one of ${defined.join(', ')}` : 'nothing (it defines no extras)'}.`
    )
  }
  if (pyproject.isPackage && pyproject.name === undefined)
    throw new BuildError('pyproject.toml has a [build-system] but no [project] name')
  return pyproject
}

interface Requirements {
  lines: string[]
  hashed: boolean
  /** A lock lists every package: install it alone, nothing resolved beyond it. */
  locked: boolean
}

async function requirementLines(
  plan: PythonInstallPlan,
  context: InstallContext,
  pyproject: Pyproject | undefined,
  python: string
): Promise<Requirements> {
  if (plan.lockfile) {
    const environment = targetMarkerEnvironment(context.runtime, context.architectures[0])
    const locked = await lockRequirements(plan.lockfile, {
      sourceDir: context.sourceDir,
      stagingDir: context.stagingDir,
      extras: plan.extras,
      document: pyproject?.document,
      evaluate: asked => evaluateForTarget(context.runner, python, environment, asked, context.stagingDir)
    })
    core.info(`${plan.lockfile}: ${locked.via}${locked.hashed ? ', hashes required' : ''}`)
    return { lines: locked.lines, hashed: locked.hashed, locked: true }
  }
  if (plan.manifest === 'requirements.txt')
    return { lines: [`--requirement ${join(context.sourceDir, 'requirements.txt')}`], hashed: false, locked: false }
  // A package of its own brings its dependencies (and extras) with its wheel's metadata.
  if (!pyproject || pyproject.isPackage) return { lines: [], hashed: false, locked: false }
  const lines = [...pyproject.dependencies, ...extraRequirements(pyproject, plan.extras)]
  if (lines.length === 0) throw new BuildError('pyproject.toml lists no [project] dependencies to install')
  return { lines, hashed: false, locked: false }
}

/**
 * Installs the dependencies into <layer>/python/lib/pythonX.Y/site-packages as wheels for the
 * runtime's Python and Amazon Linux, markers decided for the runtime, console scripts in bin/.
 */
export async function installPythonPackages(plan: PythonInstallPlan, context: InstallContext): Promise<void> {
  core.info(describePythonPlan(plan))
  if (context.architectures.length > 1) {
    core.warning(
      'The layer targets both x86_64 and arm64: native packages can only match one; use a matrix with one architecture each when dependencies have native code.'
    )
  }
  const { runner, runtime, architectures, stagingDir } = context
  const python = await findPython(runner, stagingDir)
  const builder = await describePython(runner, python, stagingDir)
  const pyproject = await readProject(plan, context)
  const requirements = await requirementLines(plan, context, pyproject, python)
  const platforms: string[] = []
  let projectDistInfo: string | undefined
  if (pyproject?.isPackage) {
    const build = { runner, python, builder, runtime, architectures, sourceDir: context.sourceDir, stagingDir }
    const project = { name: pyproject.name ?? '', extras: plan.extras, hashed: requirements.hashed }
    const wheel = await buildProjectWheel(build, project)
    requirements.lines.push(wheel.line)
    platforms.push(...wheel.platforms)
    projectDistInfo = wheel.distInfo
  }
  const file = join(stagingDir, 'requirements-for-layer.txt')
  await writeFile(file, `${requirements.lines.join('\n')}\n`)
  const target = join(context.layerDir, installPath(runtime))
  await installForTarget({
    runner,
    python,
    builder,
    runtime,
    architectures,
    stagingDir,
    cwd: context.sourceDir,
    platforms,
    installArgs: [
      '--target',
      target,
      '--no-compile',
      '--disable-pip-version-check',
      '--no-input',
      ...(requirements.hashed ? ['--require-hashes'] : []),
      ...(requirements.locked ? ['--no-deps'] : []),
      '--requirement',
      file
    ]
  })
  if (projectDistInfo) await forgetScratchUrl(target, projectDistInfo)
  await placeConsoleScripts(target, context.layerDir, runtime)
}
