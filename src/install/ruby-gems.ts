import * as core from '@actions/core'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { InstallPlan } from '../plan/plan.js'
import { installPath, type LambdaRuntime } from '../model/runtimes.js'
import { BuildError } from './run-command.js'
import type { InstallContext } from './install-context.js'
import { copyPresent, pathExists } from './source-files.js'
import { GEM_PLATFORM, type Architecture } from '../model/architecture.js'
import { installLocalGems, localGemSources, readOptional, stagePathGems } from './ruby-local-gems.js'
import { fixRubyBinstubs } from './ruby-binstubs.js'

type RubyInstallPlan = Extract<InstallPlan, { family: 'ruby' }>

/** Files beside the Gemfile that tell bundler what to install; never packed. */
const BUNDLER_FILES = ['Gemfile', 'Gemfile.lock', 'gems.rb', 'gems.locked']

/** Groups never installed into a layer. */
const EXCLUDED_GROUPS = ['development', 'test']

/** Settings the installer decides itself: dropped from a copied .bundle/config, whose entries would win over ENV. */
const OWN_SETTINGS = [
  'BUNDLE_PATH',
  'BUNDLE_WITHOUT',
  'BUNDLE_FROZEN',
  'BUNDLE_DEPLOYMENT',
  'BUNDLE_GEMFILE',
  'BUNDLE_BIN',
  'BUNDLE_PATH__SYSTEM'
]

/** Rubygems' platform names for Lambda's architectures. */

/** A gem whose native extension bundler compiled on the runner. */
export interface BuiltExtension {
  gem: string
  /** Rubygems platform it was built on, e.g. x86_64-linux. */
  platform: string
  /** Ruby ABI version it was built against, e.g. 3.1.0. */
  abi: string
}

/** The Ruby ABI folder name of a runtime: ruby3.3 → 3.3.0. */
export function rubyAbi(runtime: LambdaRuntime): string {
  return installPath(runtime).split('/').pop() as string
}

/** Keeps a .bundle/config's settings (mirrors, credentials, build flags) except those the installer owns. */
export function withoutOwnSettings(config: string): string {
  return config
    .split('\n')
    .filter(line => !OWN_SETTINGS.some(name => line.startsWith(`${name}:`)))
    .join('\n')
}

/** Environment for bundle install: the copied Gemfile, a scratch install path, no development/test groups. */
export function bundlerEnvironment(
  plan: RubyInstallPlan,
  stagingDir: string,
  env: NodeJS.ProcessEnv,
  gemfileDir = stagingDir
): Record<string, string> {
  const userWithout = (env.BUNDLE_WITHOUT ?? '').split(/[\s:]+/).filter(group => group !== '')
  return {
    BUNDLE_GEMFILE: join(gemfileDir, plan.gemfile),
    BUNDLE_APP_CONFIG: join(gemfileDir, '.bundle'),
    BUNDLE_PATH: join(stagingDir, 'bundle'),
    BUNDLE_WITHOUT: [...new Set([...EXCLUDED_GROUPS, ...userWithout])].join(':'),
    BUNDLE_FROZEN: plan.lockfile ? 'true' : 'false'
  }
}

/**
 * Why gems compiled on the runner cannot load on the runtime, or undefined when they can (or
 * none were compiled). Extensions are built against the runner's Ruby ABI and CPU.
 */
export function extensionProblem(
  built: BuiltExtension[],
  runtime: LambdaRuntime,
  architectures: Architecture[]
): string | undefined {
  const abi = rubyAbi(runtime)
  const platforms = architectures.map(architecture => GEM_PLATFORM[architecture])
  const wrong = built.filter(
    extension => extension.abi !== abi || architectures.length !== 1 || !platforms.includes(extension.platform)
  )
  if (wrong.length === 0) return undefined
  const gems = [...new Set(wrong.map(extension => extension.gem))].join(', ')
  const builtFor = [...new Set(wrong.map(extension => `Ruby ${extension.abi} on ${extension.platform}`))].join(', ')
  return (
    `gems with native extensions (${gems}) were compiled for ${builtFor}, which ${runtime.id} (Ruby ${abi} on ${platforms.join(' and ')}) cannot load; ` +
    `compile them in the runtime's build image (input build-image: sam), or run on a ${platforms.join('/')} runner with ruby/setup-ruby ${runtime.languageVersion}`
  )
}

async function listFolders(path: string): Promise<string[]> {
  if (!(await pathExists(path))) return []
  return (await readdir(path, { withFileTypes: true })).filter(entry => entry.isDirectory()).map(entry => entry.name)
}

/** Gems with compiled extensions under a gem home: extensions/<platform>/<abi>/<gem>-<version>. */
async function builtExtensions(gemHome: string): Promise<BuiltExtension[]> {
  const built: BuiltExtension[] = []
  const root = join(gemHome, 'extensions')
  for (const platform of await listFolders(root)) {
    for (const abi of await listFolders(join(root, platform))) {
      for (const gem of await listFolders(join(root, platform, abi))) built.push({ gem, platform, abi })
    }
  }
  return built
}

/**
 * Copies the Gemfile, its lockfile and .bundle/config to the same absolute path under the staging
 * tree, with the folders of path: gems, so relative paths in them resolve as on the runner.
 */
async function stageBundlerFiles(plan: RubyInstallPlan, context: InstallContext): Promise<string> {
  const mirror = (path: string): string => join(context.stagingDir, 'tree', path)
  const gemfileDir = mirror(context.sourceDir)
  await mkdir(gemfileDir, { recursive: true })
  const gemfile = (await readOptional(join(context.sourceDir, plan.gemfile))) ?? ''
  const lockfile = plan.lockfile ? await readOptional(join(context.sourceDir, plan.lockfile)) : undefined
  await stagePathGems(localGemSources(gemfile, lockfile, context.sourceDir), mirror)
  await copyPresent(context.sourceDir, gemfileDir, BUNDLER_FILES)
  const appConfig = join(context.sourceDir, '.bundle', 'config')
  if (await pathExists(appConfig)) {
    await mkdir(join(gemfileDir, '.bundle'), { recursive: true })
    await writeFile(join(gemfileDir, '.bundle', 'config'), withoutOwnSettings(await readFile(appConfig, 'utf8')))
  }
  return gemfileDir
}

/**
 * Installs the Gemfile's gems (without the development and test groups) with bundler into
 * <layer>/ruby/gems/X.Y.0 for the runtime's Ruby, whatever Ruby the runner has. Gems from path:
 * and git: sources get their files and specifications there like the others.
 */
export async function installRubyGems(plan: RubyInstallPlan, context: InstallContext): Promise<void> {
  const version = await context.runner.output({ program: 'bundle', args: ['--version'], cwd: context.stagingDir })
  if (version === undefined)
    throw new BuildError(
      'bundler was not found on PATH; add ruby/setup-ruby (or install ruby and bundler) before this step'
    )
  if (!plan.lockfile)
    core.warning(
      `${context.sourceDir} has no ${plan.gemfile === 'Gemfile' ? 'Gemfile.lock' : 'gems.locked'}: gems are resolved afresh on every run, so the layer is not reproducible; commit the lockfile bundle install writes`
    )
  const gemfileDir = await stageBundlerFiles(plan, context)
  const env = bundlerEnvironment(plan, context.stagingDir, process.env, gemfileDir)
  await context.runner.run({ program: 'bundle', args: ['install'], cwd: gemfileDir, env })

  const [runnerAbi] = await listFolders(join(env.BUNDLE_PATH, 'ruby'))
  const gemHome = join(env.BUNDLE_PATH, 'ruby', runnerAbi ?? rubyAbi(context.runtime))
  const local = await installLocalGems(context.runner, gemfileDir, { ...env, SOURCE_DATE_EPOCH: '315619200' }, gemHome)
  if (local.length > 0)
    core.info(`Gems from path: and git: sources placed with their specifications: ${local.join(', ')}`)
  if (!(await pathExists(join(gemHome, 'specifications'))))
    throw new BuildError(
      `bundler installed nothing: ${plan.gemfile} has no gems outside the development and test groups`
    )
  const problem = extensionProblem(await builtExtensions(gemHome), context.runtime, context.architectures)
  if (problem) throw new BuildError(problem)
  if (runnerAbi !== undefined && runnerAbi !== rubyAbi(context.runtime)) {
    core.info(
      `${version} ran on Ruby ${runnerAbi}; the gems are placed for ${context.runtime.id} (Ruby ${rubyAbi(context.runtime)})`
    )
  }
  await rm(join(gemHome, 'cache'), { recursive: true, force: true })
  await fixRubyBinstubs(gemHome)
  const target = join(context.layerDir, installPath(context.runtime))
  await mkdir(dirname(target), { recursive: true })
  await rename(gemHome, target)
}
