import { Input } from './action-io.js'
import type { ActionInputs } from './inputs.js'
import { InputError } from './input-parsing.js'
import type { RuntimeFamily } from './runtimes.js'

export type NodePackageManager = 'npm' | 'pnpm' | 'yarn'

export type InstallPlan =
  | { family: 'nodejs'; packageManager: NodePackageManager; lockfile?: string }
  | { family: 'python'; manifest: 'requirements.txt' | 'pyproject.toml' }

export type BuildPlan =
  | { kind: 'archive'; archivePath: string }
  | { kind: 'prebuilt'; sourceDir: string }
  | { kind: 'install'; sourceDir: string; install: InstallPlan }

/** Manifest files that identify each runtime family, in order of preference. */
export const FAMILY_MANIFESTS: Record<RuntimeFamily, string[]> = {
  nodejs: ['package.json'],
  python: ['requirements.txt', 'pyproject.toml'],
  ruby: ['Gemfile'],
  java: ['pom.xml', 'build.gradle', 'build.gradle.kts'],
  provided: []
}

const NODE_LOCKFILES: Array<[string, NodePackageManager]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn']
]

const INSTALLABLE_FAMILIES: RuntimeFamily[] = ['nodejs', 'python']

function familiesFound(files: string[]): string {
  const found = Object.entries(FAMILY_MANIFESTS)
    .flatMap(([family, manifests]) => manifests.filter(manifest => files.includes(manifest)).map(m => `${m} (${family})`))
  return found.length === 0 ? 'no manifest' : found.join(', ')
}

function planNodeInstall(files: string[]): InstallPlan {
  const lock = NODE_LOCKFILES.find(([lockfile]) => files.includes(lockfile))
  if (!lock) return { family: 'nodejs', packageManager: 'npm' }
  return { family: 'nodejs', packageManager: lock[1], lockfile: lock[0] }
}

/**
 * Decides how the layer content is produced, from the inputs and the names of the files at the
 * top of the source folder. Throws an InputError for combinations that cannot work.
 */
export function planBuild(inputs: ActionInputs, sourceFiles: string[], sourceDir: string): BuildPlan {
  if (inputs.archive) return { kind: 'archive', archivePath: inputs.archive }
  if (!inputs.install) return { kind: 'prebuilt', sourceDir }

  const { family, id } = inputs.runtime
  if (!INSTALLABLE_FAMILIES.includes(family)) {
    throw new InputError(
      Input.Runtime,
      `installing ${family} dependencies for ${id} is not supported yet; build the layer folder yourself and set install: false, or pass archive.`
    )
  }
  const manifest = FAMILY_MANIFESTS[family].find(name => sourceFiles.includes(name))
  if (!manifest) {
    throw new InputError(
      Input.Source,
      `${sourceDir} has ${familiesFound(sourceFiles)}; ${id} needs ${FAMILY_MANIFESTS[family].join(' or ')} (or set install: false to zip the folder as it is).`
    )
  }
  if (family === 'nodejs') return { kind: 'install', sourceDir, install: planNodeInstall(sourceFiles) }
  return { kind: 'install', sourceDir, install: { family: 'python', manifest: manifest as 'requirements.txt' | 'pyproject.toml' } }
}
