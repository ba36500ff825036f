import { Input } from '../model/action-io.js'
import { installPath, type LambdaRuntime, type RuntimeFamily } from '../model/runtimes.js'
import { InputError } from '../model/errors.js'
import { planPythonInstall, type PythonInstallPlan } from './python-plan.js'

/** What planning needs to know of the inputs. */
export interface PlanOptions {
  runtime: LambdaRuntime
  install: boolean
  /** An existing zip to publish as it is. */
  archive?: string
  /** standard: nodejs/node_modules; versioned: nodejs/nodeNN/node_modules for the runtime's major. */
  nodePathStyle: NodePathStyle
  /** [project.optional-dependencies] groups installed with a pyproject.toml. */
  pythonExtras?: string[]
}

export type NodePathStyle = 'standard' | 'versioned'

export type NodePackageManager = 'npm' | 'pnpm' | 'yarn'
export type JavaBuildTool = 'maven' | 'gradle'

export type InstallPlan =
  | {
      family: 'nodejs'
      packageManager: NodePackageManager
      /** Lockfile name, in the source folder or (with workspaceRoot) in the workspace root. */
      lockfile?: string
      nodeModulesPath: string
      /** The workspace root the source is a package of; the install runs there. */
      workspaceRoot?: string
    }
  | PythonInstallPlan
  | { family: 'ruby'; gemfile: 'Gemfile' | 'gems.rb'; lockfile?: string }
  | { family: 'java'; buildTool: JavaBuildTool; manifest: string }
  | { family: 'provided'; paths: string[] }

export type BuildPlan =
  | { kind: 'archive'; archivePath: string }
  | { kind: 'prebuilt'; sourceDir: string }
  | { kind: 'install'; sourceDir: string; install: InstallPlan }

/** Manifest files (for provided: the paths it copies) that identify each runtime family, in order of preference. */
export const FAMILY_MANIFESTS: Record<RuntimeFamily, string[]> = {
  nodejs: ['package.json'],
  python: ['requirements.txt', 'pyproject.toml', 'Pipfile.lock'],
  ruby: ['Gemfile', 'gems.rb'],
  java: ['pom.xml', 'build.gradle', 'build.gradle.kts'],
  provided: ['bin', 'lib', 'bootstrap']
}

export const NODE_LOCKFILES: Array<[string, NodePackageManager]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn']
]

const RUBY_LOCKFILES: Record<'Gemfile' | 'gems.rb', string> = { Gemfile: 'Gemfile.lock', 'gems.rb': 'gems.locked' }

function familiesFound(files: string[]): string {
  const found = Object.entries(FAMILY_MANIFESTS)
    .filter(([family]) => family !== 'provided')
    .flatMap(([family, manifests]) =>
      manifests.filter(manifest => files.includes(manifest)).map(m => `${m} (${family})`)
    )
  return found.length === 0 ? 'no manifest' : found.join(', ')
}

function planNodeInstall(inputs: PlanOptions, files: string[]): InstallPlan {
  const nodeModulesPath =
    inputs.nodePathStyle === 'versioned'
      ? `nodejs/node${inputs.runtime.languageVersion}/node_modules`
      : installPath(inputs.runtime)
  const lock = NODE_LOCKFILES.find(([lockfile]) => files.includes(lockfile))
  if (!lock) return { family: 'nodejs', packageManager: 'npm', nodeModulesPath }
  return { family: 'nodejs', packageManager: lock[1], lockfile: lock[0], nodeModulesPath }
}

function planFamilyInstall(inputs: PlanOptions, manifest: string, files: string[]): InstallPlan {
  const runtime: LambdaRuntime = inputs.runtime
  switch (runtime.family) {
    case 'nodejs':
      return planNodeInstall(inputs, files)
    case 'python':
      return planPythonInstall(files, inputs.pythonExtras ?? [])!
    case 'ruby': {
      const gemfile = manifest as 'Gemfile' | 'gems.rb'
      const lockfile = RUBY_LOCKFILES[gemfile]
      return files.includes(lockfile) ? { family: 'ruby', gemfile, lockfile } : { family: 'ruby', gemfile }
    }
    case 'java':
      return { family: 'java', buildTool: manifest === 'pom.xml' ? 'maven' : 'gradle', manifest }
    case 'provided':
      return { family: 'provided', paths: FAMILY_MANIFESTS.provided.filter(path => files.includes(path)) }
  }
}

function missingManifestReason(runtime: LambdaRuntime, sourceDir: string, files: string[]): string {
  if (runtime.family === 'provided') {
    return `${sourceDir} has no bin/, lib/ or bootstrap; ${runtime.id} layers are built from bin/ (executables), lib/ (shared libraries) and a bootstrap file (or set install: false to zip the folder as it is).`
  }
  return `${sourceDir} has ${familiesFound(files)}; ${runtime.id} needs ${FAMILY_MANIFESTS[runtime.family].join(' or ')} (or set install: false to zip the folder as it is).`
}

/**
 * Decides how the layer content is produced, from the inputs and the names of the files at the
 * top of the source folder. Throws an InputError for combinations that cannot work, such as a
 * manifest of another runtime family, before anything is installed.
 */
export function planBuild(inputs: PlanOptions, sourceFiles: string[], sourceDir: string): BuildPlan {
  if (inputs.archive) return { kind: 'archive', archivePath: inputs.archive }
  if (!inputs.install) return { kind: 'prebuilt', sourceDir }

  const { runtime } = inputs
  const manifest = FAMILY_MANIFESTS[runtime.family].find(name => sourceFiles.includes(name))
  if (!manifest) throw new InputError(Input.Source, missingManifestReason(runtime, sourceDir, sourceFiles))
  return { kind: 'install', sourceDir, install: planFamilyInstall(inputs, manifest, sourceFiles) }
}
