import { cp, mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import type { InstallPlan } from '../plan/plan.js'
import { isWorkspaceMember, workspacePatterns } from '../plan/node-workspace.js'
import { BuildError } from './run-command.js'
import { copyPresent } from './source-files.js'

type NodeInstallPlan = Extract<InstallPlan, { family: 'nodejs' }>

/** Files beside package.json that tell the package manager how to install; never packed. */
export const INSTALL_CONFIG_FILES = [
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

/** Where the install runs: a copy of the project at the same relative places as on the runner. */
export interface StagedProject {
  /** The staged project (the workspace root for a workspace package): the package manager's cwd. */
  installDir: string
  /** The staged source package. */
  packageDir: string
  /** The source package's path from the workspace root (posix), "." outside a workspace. */
  workspacePath: string
  /** The source package's name in its package.json. */
  packageName?: string
  /** Staged folders of file:/link: dependencies that are no workspace package, with their own production dependencies. */
  linkedFolders: string[]
}

/** A dependency read from a folder or tarball beside the project rather than from a registry. */
export interface LocalDependency {
  name: string
  spec: string
  /** The package.json that names it. */
  manifest: string
  path: string
  production: boolean
}

const LOCAL_PREFIX = /^(?:file|link|portal):/
const LOCAL_PATH = /^(?:\.{1,2}\/|\/|~\/)/

/** The local folder or tarball path a dependency spec names, or undefined for registry, git and workspace specs. */
export function localPath(spec: string, manifestDir: string, home: string): string | undefined {
  const path = LOCAL_PREFIX.test(spec) ? spec.replace(LOCAL_PREFIX, '') : LOCAL_PATH.test(spec) ? spec : undefined
  if (path === undefined) return undefined
  return path.startsWith('~/') ? join(home, path.slice(2)) : resolve(manifestDir, path)
}

interface Manifest {
  name?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest
}

/** The local dependencies a package.json names: production ones (dependencies, optional) and dev ones. */
export function localDependencies(manifest: Manifest, manifestDir: string, home: string): LocalDependency[] {
  const groups: Array<[Record<string, string> | undefined, boolean]> = [
    [manifest.dependencies, true],
    [manifest.optionalDependencies, true],
    [manifest.devDependencies, false]
  ]
  return groups.flatMap(([group, production]) =>
    Object.entries(group ?? {}).flatMap(([name, spec]) => {
      const path = localPath(spec, manifestDir, home)
      return path === undefined ? [] : [{ name, spec, manifest: join(manifestDir, 'package.json'), path, production }]
    })
  )
}

/** Folder copy for the staging: the package's own files, never its installed node_modules or .git. */
async function copyPackage(from: string, to: string): Promise<void> {
  await cp(from, to, {
    recursive: true,
    verbatimSymlinks: true,
    filter: source => !['node_modules', '.git'].includes(basename(source)) || source === from
  })
}

/** Folders under root (at most four levels down, not in node_modules or hidden ones) that are workspace packages. */
async function workspaceMembers(root: string, patterns: string[]): Promise<string[]> {
  const members: string[] = []
  async function visit(dir: string, depth: number): Promise<void> {
    if (depth > 4) return
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      const rel = relative(root, path).split(sep).join('/')
      const isPackage = await stat(join(path, 'package.json')).then(
        () => true,
        () => false
      )
      if (isPackage && isWorkspaceMember(rel, patterns)) members.push(path)
      await visit(path, depth + 1)
    }
  }
  await visit(root, 1)
  return members
}

function describe(dependency: LocalDependency): string {
  return `dependency "${dependency.name}" (${dependency.spec}) in ${dependency.manifest}`
}

/**
 * Copies the project into the staging folder at the same absolute path below it, so that the
 * relative paths of file:, link: and tarball dependencies (in package.json and the lockfile)
 * reach the same folders and tarballs they reach on the runner. The source is never written.
 */
export async function stageNodeProject(
  plan: NodeInstallPlan,
  sourceDir: string,
  stagingDir: string,
  home: string
): Promise<StagedProject> {
  const mirror = (path: string): string => join(stagingDir, 'tree', path)
  const projectDir = plan.workspaceRoot ?? sourceDir
  await mkdir(mirror(projectDir), { recursive: true })
  await copyPresent(projectDir, mirror(projectDir), INSTALL_CONFIG_FILES)
  const packages = [projectDir]
  // The workspace's packages, whether the source is one of them or the workspace root itself.
  const patterns = workspacePatterns(
    await readFile(join(projectDir, 'package.json'), 'utf8').catch(() => undefined),
    await readFile(join(projectDir, 'pnpm-workspace.yaml'), 'utf8').catch(() => undefined)
  )
  if (patterns.length > 0) {
    for (const member of await workspaceMembers(projectDir, patterns)) {
      await copyPackage(member, mirror(member))
      packages.push(member)
    }
  }
  const staged = new Set(packages)
  const linkedFolders: string[] = []
  for (let index = 0; index < packages.length; index++) {
    for (const dependency of localDependencies(await readManifest(packages[index]), packages[index], home)) {
      if (staged.has(dependency.path)) continue
      const found = await stat(dependency.path).catch(() => undefined)
      if (!found) {
        if (!dependency.production) continue
        throw new BuildError(
          `${describe(dependency)}: nothing at ${dependency.path}; a local path is read from the folder of the package.json that names it, so the folder or tarball must be checked out on the runner too`
        )
      }
      staged.add(dependency.path)
      await mkdir(dirname(mirror(dependency.path)), { recursive: true })
      if (found.isDirectory()) {
        await copyPackage(dependency.path, mirror(dependency.path))
        packages.push(dependency.path)
        const own = await readManifest(dependency.path).catch(() => ({}) as Manifest)
        if (dependency.production && Object.keys(own.dependencies ?? {}).length > 0)
          linkedFolders.push(mirror(dependency.path))
      } else {
        await cp(dependency.path, mirror(dependency.path))
      }
    }
  }
  return {
    installDir: mirror(projectDir),
    packageDir: mirror(sourceDir),
    workspacePath: relative(projectDir, sourceDir).split(sep).join('/') || '.',
    packageName: (await readManifest(sourceDir)).name,
    linkedFolders
  }
}
