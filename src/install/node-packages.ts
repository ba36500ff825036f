import { NODE_CPU } from '../model/architecture.js'
import * as core from '@actions/core'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { InstallPlan, NodePackageManager } from '../plan/plan.js'
import { BuildError } from './run-command.js'
import { singleArchitecture, type InstallContext } from './install-context.js'
import { copyPresent, pathExists } from './source-files.js'
import { hasWorkspaceToolsPlugin, withSupportedArchitectures } from './yarnrc.js'

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

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [actualMajor, actualMinor] = version.split('.').map(Number)
  return actualMajor > major || (actualMajor === major && actualMinor >= minor)
}

async function installWithNpm(plan: NodeInstallPlan, context: InstallContext): Promise<void> {
  const architecture = singleArchitecture(context)
  const version = await context.runner.output({ program: 'npm', args: ['--version'], cwd: context.stagingDir })
  if (version === undefined)
    throw new BuildError(`npm was not found on PATH (${context.runner.where}); set up Node.js before this step`)
  if (!versionAtLeast(version, 10, 4)) {
    throw new BuildError(
      `npm ${version} cannot install for another platform; npm 10.4 or later is needed (use Node.js 20.12+ or 22)`
    )
  }
  const command = plan.lockfile ? 'ci' : 'install'
  const args = [command, '--omit=dev', '--os=linux', '--libc=glibc', '--no-audit', '--no-fund']
  if (architecture) args.push(`--cpu=${NODE_CPU[architecture]}`)
  await context.runner.run({ program: 'npm', args, cwd: context.stagingDir })
}

/** pnpm 10.14 added --os/--cpu/--libc to install; older pnpm could only read them from its config files. */
const PNPM_MINIMUM = { major: 10, minor: 14 }

async function installWithPnpm(context: InstallContext): Promise<void> {
  const version = await context.runner.output({ program: 'pnpm', args: ['--version'], cwd: context.stagingDir })
  if (version === undefined)
    throw new BuildError(
      `pnpm-lock.yaml found but pnpm is not on PATH (${context.runner.where}); set it up before this step (pnpm/action-setup or "corepack enable")`
    )
  if (!versionAtLeast(version, PNPM_MINIMUM.major, PNPM_MINIMUM.minor)) {
    throw new BuildError(
      `pnpm ${version} cannot install for another platform; pnpm ${PNPM_MINIMUM.major}.${PNPM_MINIMUM.minor} or later is needed`
    )
  }
  const architecture = singleArchitecture(context)
  // hoisted: a flat node_modules of real folders, as Lambda's resolution under /opt/nodejs expects.
  const args = ['install', '--prod', '--frozen-lockfile', '--node-linker=hoisted', '--os=linux', '--libc=glibc']
  if (architecture) args.push(`--cpu=${NODE_CPU[architecture]}`)
  await context.runner.run({
    program: 'pnpm',
    args,
    cwd: context.stagingDir,
    // pnpm 11+ fails on dependencies' build scripts nobody approved; skipped with a warning
    // instead, as scripts run on the runner would build for the runner, not for the layer's target.
    env: { pnpm_config_strict_dep_builds: 'false' }
  })
}

async function installWithYarnClassic(version: string, context: InstallContext): Promise<void> {
  const architecture = singleArchitecture(context)
  if (architecture && NODE_CPU[architecture] !== context.runner.cpu) {
    throw new BuildError(
      `yarn ${version} (classic) installs only for the machine it runs on and cannot build for ${architecture} on ${context.runner.cpu}; use yarn 4, pnpm or npm, or a runner (or build-image) of that architecture`
    )
  }
  await context.runner.run({
    program: 'yarn',
    args: ['install', '--production', '--frozen-lockfile', '--non-interactive'],
    cwd: context.stagingDir
  })
}

async function installWithYarnBerry(version: string, context: InstallContext): Promise<void> {
  const yarnrcPath = join(context.stagingDir, '.yarnrc.yml')
  const yarnrc = (await pathExists(yarnrcPath)) ? await readFile(yarnrcPath, 'utf8') : ''
  if (!versionAtLeast(version, 4, 0) && !hasWorkspaceToolsPlugin(yarnrc)) {
    throw new BuildError(
      `yarn ${version} needs the workspace-tools plugin to install production dependencies only: run "yarn plugin import workspace-tools" and commit .yarn/plugins and .yarnrc.yml, or use yarn 4`
    )
  }
  const architecture = singleArchitecture(context)
  await writeFile(yarnrcPath, withSupportedArchitectures(yarnrc, architecture ? NODE_CPU[architecture] : 'current'))
  await context.runner.run({
    program: 'yarn',
    args: ['workspaces', 'focus', '--all', '--production'],
    cwd: context.stagingDir,
    env: { YARN_NODE_LINKER: 'node-modules', YARN_ENABLE_IMMUTABLE_INSTALLS: 'true', YARN_ENABLE_TELEMETRY: 'false' }
  })
}

async function installWithYarn(context: InstallContext): Promise<void> {
  // Asked in the staged folder, so a yarnPath in the project's .yarnrc.yml picks the project's own yarn.
  const version = await context.runner.output({ program: 'yarn', args: ['--version'], cwd: context.stagingDir })
  if (version === undefined)
    throw new BuildError(
      `yarn.lock found but yarn is not on PATH (${context.runner.where}); enable it with "corepack enable"`
    )
  if (version.startsWith('1.')) await installWithYarnClassic(version, context)
  else await installWithYarnBerry(version, context)
}

/** Package managers' own records in node_modules: not loaded at run time, and some hold absolute paths and times. */
const INSTALL_STATE_FILES = [
  '.modules.yaml',
  '.pnpm',
  '.pnpm-workspace-state-v1.json',
  '.yarn-state.yml',
  '.yarn-integrity'
]

const INSTALLERS: Record<NodePackageManager, (plan: NodeInstallPlan, context: InstallContext) => Promise<void>> = {
  npm: installWithNpm,
  pnpm: (_plan, context) => installWithPnpm(context),
  yarn: (_plan, context) => installWithYarn(context)
}

/** Installs production dependencies into <layer>/nodejs/node_modules (or nodejs/nodeNN/node_modules) for the target platform. */
export async function installNodePackages(plan: NodeInstallPlan, context: InstallContext): Promise<void> {
  if (context.architectures.length > 1) {
    core.warning(
      'The layer targets both x86_64 and arm64: native packages can only match one; use a matrix with one architecture each when dependencies have native code.'
    )
  }
  await copyPresent(context.sourceDir, context.stagingDir, INSTALL_CONFIG_FILES)
  await INSTALLERS[plan.packageManager](plan, context)
  const installed = join(context.stagingDir, 'node_modules')
  if (!(await pathExists(installed)))
    throw new BuildError(`${plan.packageManager} installed nothing: package.json has no dependencies`)
  for (const name of INSTALL_STATE_FILES) await rm(join(installed, name), { recursive: true, force: true })
  const target = join(context.layerDir, plan.nodeModulesPath)
  await mkdir(dirname(target), { recursive: true })
  await rename(installed, target)
}
