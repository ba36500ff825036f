import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { InstallPlan } from '../plan/plan.js'
import { installPath, type LambdaRuntime } from '../model/runtimes.js'
import { pyprojectDependencies } from './pyproject.js'
import { BuildError, type CommandRunner } from './run-command.js'
import type { InstallContext } from './install-context.js'
import { PIP_MACHINE, type Architecture } from '../model/architecture.js'

type PythonInstallPlan = Extract<InstallPlan, { family: 'python' }>

/** Wheel platform tags the runtime's Amazon Linux can load, oldest glibc first. */
export function wheelPlatforms(runtime: LambdaRuntime, architecture: Architecture): string[] {
  const machine = PIP_MACHINE[architecture]
  const tags = [`manylinux2014_${machine}`, `manylinux_2_17_${machine}`]
  if (runtime.amazonLinux === 'AL2023') tags.push(`manylinux_2_28_${machine}`, `manylinux_2_34_${machine}`)
  return tags
}

/** pip arguments that select wheels for the Lambda runtime, whatever Python the runner has. */
export function pipInstallArgs(
  runtime: LambdaRuntime,
  architectures: Architecture[],
  target: string,
  requirements: string
): string[] {
  const platforms = architectures.flatMap(architecture => wheelPlatforms(runtime, architecture))
  return [
    '-m',
    'pip',
    'install',
    '--target',
    target,
    '--implementation',
    'cp',
    '--python-version',
    runtime.languageVersion,
    '--only-binary=:all:',
    ...platforms.flatMap(platform => ['--platform', platform]),
    '--no-compile',
    '--disable-pip-version-check',
    '--no-input',
    '--requirement',
    requirements
  ]
}

async function requirementsFile(plan: PythonInstallPlan, context: InstallContext): Promise<string> {
  const manifestPath = join(context.sourceDir, plan.manifest)
  if (plan.manifest === 'requirements.txt') return manifestPath
  const dependencies = pyprojectDependencies(await readFile(manifestPath, 'utf8'))
  if (dependencies.length === 0) throw new BuildError('pyproject.toml lists no [project] dependencies to install')
  const generated = join(context.stagingDir, 'requirements-from-pyproject.txt')
  await writeFile(generated, `${dependencies.join('\n')}\n`)
  return generated
}

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

/** Installs the requirements into <layer>/python/lib/pythonX.Y/site-packages as manylinux wheels. */
export async function installPythonPackages(plan: PythonInstallPlan, context: InstallContext): Promise<void> {
  const python = await findPython(context.runner, context.stagingDir)
  const requirements = await requirementsFile(plan, context)
  const target = join(context.layerDir, installPath(context.runtime))
  await context.runner.run({
    program: python,
    args: pipInstallArgs(context.runtime, context.architectures, target, requirements),
    cwd: context.sourceDir
  })
}
