import { NODE_CPU } from '../model/architecture.js'
import * as core from '@actions/core'
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { InstallPlan, NodePackageManager } from '../plan/plan.js'
import { BuildError } from './run-command.js'
import { singleArchitecture, type InstallContext } from './install-context.js'
import { pathExists } from './source-files.js'
import { hasWorkspaceToolsPlugin, withSupportedArchitectures } from './yarnrc.js'
import { stageNodeProject, type StagedProject } from './node-staging.js'
import { checkInlinedDependencies, inlineLinkedPackages, overlayPackageModules } from './node-links.js'
import { packagesWithInstallScripts } from './node-scripts.js'
import { dropUnusableBinstubs } from './node-binstubs.js'
import { pruneUnreachable } from './node-prune.js'

type NodeInstallPlan = Extract<InstallPlan, { family: 'nodejs' }>

/** What one package manager's install needs: the plan, the context, the staged project, and whether scripts run. */
interface NodeInstall {
  plan: NodeInstallPlan
  context: InstallContext
  project: StagedProject
  /** The layer is for another CPU than the one the install runs on: dependencies' scripts must not run. */
  skipScripts: boolean
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [actualMajor, actualMinor] = version.split('.').map(Number)
  return actualMajor > major || (actualMajor === major && actualMinor >= minor)
}

async function installWithNpm({ plan, context, project, skipScripts }: NodeInstall): Promise<void> {
  const architecture = singleArchitecture(context)
  const cwd = project.installDir
  const version = await context.runner.output({ program: 'npm', args: ['--version'], cwd })
  if (version === undefined)
    throw new BuildError(`npm was not found on PATH (${context.runner.where}); set up Node.js before this step`)
  if (!versionAtLeast(version, 10, 4)) {
    throw new BuildError(
      `npm ${version} cannot install for another platform; npm 10.4 or later is needed (use Node.js 20.12+ or 22)`
    )
  }
  const platform = ['--omit=dev', '--os=linux', '--libc=glibc', '--no-audit', '--no-fund']
  if (architecture) platform.push(`--cpu=${NODE_CPU[architecture]}`)
  if (skipScripts) platform.push('--ignore-scripts')
  // npm leaves a linked folder's dependencies to that folder's own install: run it in the staged copy.
  for (const folder of project.linkedFolders) {
    const locked =
      (await pathExists(join(folder, 'package-lock.json'))) || (await pathExists(join(folder, 'npm-shrinkwrap.json')))
    if (!locked)
      core.warning(
        `${folder.slice(join(context.stagingDir, 'tree').length)} (a file: dependency) has no lockfile: its dependencies are resolved afresh, so the layer is not reproducible`
      )
    const args = locked ? ['ci', ...platform] : ['install', '--no-package-lock', ...platform]
    await context.runner.run({ program: 'npm', args, cwd: folder })
    await rm(join(folder, 'node_modules', '.package-lock.json'), { force: true })
  }
  const args = [plan.lockfile ? 'ci' : 'install', ...platform]
  if (plan.workspaceRoot) args.push(`--workspace=${project.workspacePath}`)
  await context.runner.run({ program: 'npm', args, cwd })
}

/** pnpm 10.14 added --os/--cpu/--libc to install; older pnpm could only read them from its config files. */
const PNPM_MINIMUM = { major: 10, minor: 14 }

async function installWithPnpm({ plan, context, project, skipScripts }: NodeInstall): Promise<void> {
  const cwd = project.installDir
  const version = await context.runner.output({ program: 'pnpm', args: ['--version'], cwd })
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
  if (plan.workspaceRoot) args.push(`--filter=./${project.workspacePath}...`)
  if (skipScripts) args.push('--ignore-scripts')
  await context.runner.run({
    program: 'pnpm',
    args,
    cwd,
    // pnpm 11+ fails on dependencies' build scripts nobody approved; skipped with a warning
    // instead, as scripts run on the runner would build for the runner, not for the layer's target.
    env: { pnpm_config_strict_dep_builds: 'false' }
  })
}

async function installWithYarnClassic(version: string, { context, project }: NodeInstall): Promise<void> {
  const architecture = singleArchitecture(context)
  if (architecture && NODE_CPU[architecture] !== context.runner.cpu) {
    throw new BuildError(
      `yarn ${version} (classic) installs only for the machine it runs on and cannot build for ${architecture} on ${context.runner.cpu}; use yarn 4, pnpm or npm, or a runner (or build-image) of that architecture`
    )
  }
  await context.runner.run({
    program: 'yarn',
    args: ['install', '--production', '--frozen-lockfile', '--non-interactive'],
    cwd: project.installDir
  })
}

async function installWithYarnBerry(version: string, { plan, context, project, skipScripts }: NodeInstall) {
  const yarnrcPath = join(project.installDir, '.yarnrc.yml')
  const yarnrc = (await pathExists(yarnrcPath)) ? await readFile(yarnrcPath, 'utf8') : ''
  if (!versionAtLeast(version, 4, 0) && !hasWorkspaceToolsPlugin(yarnrc)) {
    throw new BuildError(
      `yarn ${version} needs the workspace-tools plugin to install production dependencies only: run "yarn plugin import workspace-tools" and commit .yarn/plugins and .yarnrc.yml, or use yarn 4`
    )
  }
  const architecture = singleArchitecture(context)
  await writeFile(yarnrcPath, withSupportedArchitectures(yarnrc, architecture ? NODE_CPU[architecture] : 'current'))
  const focus = plan.workspaceRoot && project.packageName ? [project.packageName] : ['--all']
  await context.runner.run({
    program: 'yarn',
    args: ['workspaces', 'focus', ...focus, '--production'],
    cwd: project.installDir,
    env: {
      YARN_NODE_LINKER: 'node-modules',
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'true',
      YARN_ENABLE_TELEMETRY: 'false',
      ...(skipScripts ? { YARN_ENABLE_SCRIPTS: 'false' } : {})
    }
  })
}

async function installWithYarn(install: NodeInstall): Promise<void> {
  // Asked in the staged folder, so a yarnPath in the project's .yarnrc.yml picks the project's own yarn.
  const version = await install.context.runner.output({
    program: 'yarn',
    args: ['--version'],
    cwd: install.project.installDir
  })
  if (version === undefined)
    throw new BuildError(
      `yarn.lock found but yarn is not on PATH (${install.context.runner.where}); enable it with "corepack enable"`
    )
  if (version.startsWith('1.')) await installWithYarnClassic(version, install)
  else await installWithYarnBerry(version, install)
}

/** Package managers' own records in node_modules: not loaded at run time, and some hold absolute paths and times. */
const INSTALL_STATE_FILES = [
  '.modules.yaml',
  '.pnpm',
  '.pnpm-workspace-state-v1.json',
  '.yarn-state.yml',
  '.yarn-integrity',
  '.package-lock.json',
  '.package-map.json'
]

const INSTALLERS: Record<NodePackageManager, (install: NodeInstall) => Promise<void>> = {
  npm: installWithNpm,
  pnpm: installWithPnpm,
  yarn: installWithYarn
}

/** One flat node_modules of real folders: linked packages copied in, a workspace package's own versions on top. */
async function assembleNodeModules(install: NodeInstall): Promise<string> {
  const { project, plan } = install
  const installed = join(project.installDir, 'node_modules')
  if (!(await pathExists(installed)))
    throw new BuildError(`${plan.packageManager} installed nothing: package.json has no dependencies`)
  if (plan.workspaceRoot && project.packageName) {
    // The package the layer is built for is linked into the root's node_modules: it is not its own dependency.
    const self = join(installed, project.packageName)
    if ((await lstat(self).catch(() => undefined))?.isSymbolicLink()) await rm(self)
  }
  const inlined = await inlineLinkedPackages(installed)
  const own = join(project.packageDir, 'node_modules')
  if (plan.workspaceRoot && project.packageDir !== project.installDir && (await pathExists(own))) {
    for (const pkg of await inlineLinkedPackages(own)) inlined.push({ ...pkg, path: pkg.path.replace(own, installed) })
    await overlayPackageModules(own, installed)
  }
  const onRunner = (path: string): string => path.replace(join(install.context.stagingDir, 'tree'), '')
  for (const pkg of inlined) pkg.linkedFrom = onRunner(pkg.linkedFrom)
  await checkInlinedDependencies(inlined, installed, plan.packageManager)
  for (const pkg of inlined) core.info(`${pkg.name}: copied from ${pkg.linkedFrom} (a linked folder) into the layer`)
  if (plan.workspaceRoot) {
    const manifest = JSON.parse(await readFile(join(project.packageDir, 'package.json'), 'utf8')) as object
    const removed = await pruneUnreachable(installed, manifest)
    if (removed.length > 0)
      core.info(`Left out, as ${project.packageName ?? project.workspacePath} does not use them: ${removed.join(', ')}`)
  }
  for (const name of INSTALL_STATE_FILES) await rm(join(installed, name), { recursive: true, force: true })
  await dropUnusableBinstubs(installed)
  return installed
}

function lockfileWarning(plan: NodeInstallPlan, sourceDir: string): void {
  if (plan.lockfile) return
  core.warning(
    `${sourceDir} has no lockfile (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml or yarn.lock): dependencies are resolved afresh on every run, so the layer is not reproducible; commit the lockfile your package manager writes`
  )
}

/** Installs production dependencies into <layer>/nodejs/node_modules (or nodejs/nodeNN/node_modules) for the target platform. */
export async function installNodePackages(plan: NodeInstallPlan, context: InstallContext): Promise<void> {
  if (context.architectures.length > 1) {
    core.warning(
      'The layer targets both x86_64 and arm64: native packages can only match one; use a matrix with one architecture each when dependencies have native code.'
    )
  }
  lockfileWarning(plan, context.sourceDir)
  if (plan.workspaceRoot) core.info(`${context.sourceDir} is a package of the workspace at ${plan.workspaceRoot}`)
  const project = await stageNodeProject(plan, context.sourceDir, context.stagingDir, homedir())
  const architecture = singleArchitecture(context)
  const skipScripts = architecture !== undefined && NODE_CPU[architecture] !== context.runner.cpu
  const install: NodeInstall = { plan, context, project, skipScripts }
  await INSTALLERS[plan.packageManager](install)
  const installed = await assembleNodeModules(install)
  if (skipScripts) {
    const skipped = await packagesWithInstallScripts(installed)
    if (skipped.length > 0)
      core.notice(
        `Install scripts not run, since they would build for this ${context.runner.cpu} machine rather than the layer's ${architecture}: ${skipped.join(', ')}. The target's prebuilt packages (--cpu=${NODE_CPU[architecture]}) serve instead; a package that needs its script to build must be installed with build-image or on a runner of that architecture.`
      )
  }
  const target = join(context.layerDir, plan.nodeModulesPath)
  await mkdir(dirname(target), { recursive: true })
  await rename(installed, target)
}
