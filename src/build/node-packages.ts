import * as core from '@actions/core'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { InstallPlan, NodePackageManager } from '../plan.js'
import { BuildError } from './run-command.js'
import { singleArchitecture, type InstallContext } from './install-context.js'
import { copyPresent, pathExists } from './source-files.js'

type NodeInstallPlan = Extract<InstallPlan, { family: 'nodejs' }>

/** Files beside package.json that tell the package manager how to install; never packed. */
const INSTALL_CONFIG_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  '.pnpmfile.cjs',
  'yarn.lock',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.yarn'
]

const NODE_CPU = { x86_64: 'x64', arm64: 'arm64' } as const

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [actualMajor, actualMinor] = version.split('.').map(Number)
  return actualMajor > major || (actualMajor === major && actualMinor >= minor)
}

async function installWithNpm(plan: NodeInstallPlan, context: InstallContext): Promise<void> {
  const architecture = singleArchitecture(context)
  const version = await context.runner.output({ program: 'npm', args: ['--version'], cwd: context.stagingDir })
  if (version === undefined) throw new BuildError(`npm was not found on PATH (${context.runner.where}); set up Node.js before this step`)
  if (!versionAtLeast(version, 10, 4)) {
    throw new BuildError(`npm ${version} cannot install for another platform; npm 10.4 or later is needed (use Node.js 20.12+ or 22)`)
  }
  const command = plan.lockfile ? 'ci' : 'install'
  const args = [command, '--omit=dev', '--os=linux', '--libc=glibc', '--no-audit', '--no-fund']
  if (architecture) args.push(`--cpu=${NODE_CPU[architecture]}`)
  await context.runner.run({ program: 'npm', args, cwd: context.stagingDir })
}

async function addSupportedArchitecturesToPackageJson(context: InstallContext): Promise<void> {
  const architecture = singleArchitecture(context)
  const packageJsonPath = join(context.stagingDir, 'package.json')
  const manifest = JSON.parse(await readFile(packageJsonPath, 'utf8'))
  manifest.pnpm = {
    ...manifest.pnpm,
    supportedArchitectures: { os: ['linux'], libc: ['glibc'], cpu: architecture ? [NODE_CPU[architecture]] : ['current'] }
  }
  await writeFile(packageJsonPath, JSON.stringify(manifest, null, 2))
}

async function installWithPnpm(context: InstallContext): Promise<void> {
  await addSupportedArchitecturesToPackageJson(context)
  await context.runner.run({
    program: 'pnpm',
    args: ['install', '--prod', '--frozen-lockfile', '--config.node-linker=hoisted'],
    cwd: context.stagingDir
  })
}

async function installWithYarn(context: InstallContext): Promise<void> {
  const version = await context.runner.output({ program: 'yarn', args: ['--version'], cwd: context.stagingDir })
  if (version === undefined) throw new BuildError(`yarn.lock found but yarn is not on PATH (${context.runner.where}); enable it with "corepack enable"`)
  const architecture = singleArchitecture(context)
  if (version.startsWith('1.')) {
    if (architecture && NODE_CPU[architecture] !== context.runner.cpu) {
      throw new BuildError(`yarn ${version} cannot install for ${architecture} on ${context.runner.cpu}; use npm or pnpm, or a runner (or build-image) of that architecture`)
    }
    await context.runner.run({ program: 'yarn', args: ['install', '--production', '--frozen-lockfile', '--non-interactive'], cwd: context.stagingDir })
    return
  }
  const cpu = architecture ? NODE_CPU[architecture] : 'current'
  const yarnrc = join(context.stagingDir, '.yarnrc.yml')
  const existing = (await pathExists(yarnrc)) ? await readFile(yarnrc, 'utf8') : ''
  await writeFile(yarnrc, `${existing}\nsupportedArchitectures:\n  os: [linux]\n  cpu: [${cpu}]\n  libc: [glibc]\n`)
  await context.runner.run({
    program: 'yarn',
    args: ['workspaces', 'focus', '--all', '--production'],
    cwd: context.stagingDir,
    env: { YARN_NODE_LINKER: 'node-modules', YARN_ENABLE_IMMUTABLE_INSTALLS: 'true' }
  })
}

const INSTALLERS: Record<NodePackageManager, (plan: NodeInstallPlan, context: InstallContext) => Promise<void>> = {
  npm: installWithNpm,
  pnpm: (_plan, context) => installWithPnpm(context),
  yarn: (_plan, context) => installWithYarn(context)
}

/** Installs production dependencies into <layer>/nodejs/node_modules (or nodejs/nodeNN/node_modules) for the target platform. */
export async function installNodePackages(plan: NodeInstallPlan, context: InstallContext): Promise<void> {
  if (context.architectures.length > 1) {
    core.warning('The layer targets both x86_64 and arm64: native packages can only match one; use a matrix with one architecture each when dependencies have native code.')
  }
  await copyPresent(context.sourceDir, context.stagingDir, INSTALL_CONFIG_FILES)
  await INSTALLERS[plan.packageManager](plan, context)
  const installed = join(context.stagingDir, 'node_modules')
  if (!(await pathExists(installed))) throw new BuildError(`${plan.packageManager} installed nothing: package.json has no dependencies`)
  const target = join(context.layerDir, plan.nodeModulesPath)
  await mkdir(dirname(target), { recursive: true })
  await rename(installed, target)
}
