import { cp, lstat, mkdir, readdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, sep } from 'node:path'
import { BuildError } from './run-command.js'

/** The package folders directly in a node_modules folder (scoped ones as @scope/name), links included. */
export async function packageFolders(nodeModules: string): Promise<string[]> {
  const names: string[] = []
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    if (entry.name.startsWith('@') && entry.isDirectory()) {
      for (const scoped of await readdir(join(nodeModules, entry.name))) names.push(`${entry.name}/${scoped}`)
    } else {
      names.push(entry.name)
    }
  }
  return names
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}${sep}`)
}

/** A package that was a link out of node_modules and is now a copy, with the dependency spec it came from. */
export interface InlinedPackage {
  name: string
  /** Where it is now (inside node_modules). */
  path: string
  /** Where the link pointed. */
  linkedFrom: string
}

/**
 * Replaces every package that is a link leaving node_modules (file: and link: folders, workspace
 * packages) with a copy of the folder it points to, so the layer holds real files. Links inside
 * node_modules (.bin) stay.
 */
export async function inlineLinkedPackages(nodeModules: string): Promise<InlinedPackage[]> {
  const root = await realpath(nodeModules)
  const inlined: InlinedPackage[] = []
  async function visit(folder: string): Promise<void> {
    for (const name of await packageFolders(folder)) {
      const path = join(folder, name)
      if ((await lstat(path)).isSymbolicLink()) {
        const target = await realpath(path).catch(() => undefined)
        if (target !== undefined && !isInside(target, root)) {
          await rm(path)
          await cp(target, path, { recursive: true, dereference: true, filter: source => basename(source) !== '.git' })
          inlined.push({ name, path, linkedFrom: target })
        }
      }
      if ((await stat(path).catch(() => undefined))?.isDirectory()) await visit(join(path, 'node_modules'))
    }
  }
  await visit(nodeModules)
  return inlined
}

/** Whether Node.js finds the package from this folder: in its node_modules or one of its parents', up to the layer's. */
async function resolvable(name: string, from: string, nodeModules: string): Promise<boolean> {
  const top = dirname(nodeModules)
  for (let folder = from; isInside(folder, top); folder = dirname(folder)) {
    if (basename(folder) !== 'node_modules' && (await stat(join(folder, 'node_modules', name)).catch(() => undefined)))
      return true
    if (folder === top) break
  }
  return false
}

/**
 * A linked package's own dependencies must be in the layer too: npm leaves those of a folder
 * outside the project to that folder's own install, and link: never installs them. Fails naming
 * the package and what it misses.
 */
export async function checkInlinedDependencies(
  inlined: InlinedPackage[],
  nodeModules: string,
  packageManager: string
): Promise<void> {
  for (const pkg of inlined) {
    const manifest = JSON.parse(await readFile(join(pkg.path, 'package.json'), 'utf8').catch(() => '{}')) as {
      dependencies?: Record<string, string>
    }
    const missing: string[] = []
    for (const name of Object.keys(manifest.dependencies ?? {}))
      if (!(await resolvable(name, pkg.path, nodeModules))) missing.push(name)
    if (missing.length > 0) {
      throw new BuildError(
        `dependency "${pkg.name}" (the folder ${pkg.linkedFrom}) needs ${missing.join(', ')}, which ${packageManager} did not install for a linked folder; make the folder a workspace package, depend on it with file: through pnpm or yarn, or pack it (npm pack) and depend on the tarball`
      )
    }
  }
}

/**
 * Moves the packages of a workspace package's own node_modules (versions that differ from the
 * hoisted ones) over those in the workspace root's, so one flat node_modules serves the layer.
 */
export async function overlayPackageModules(packageModules: string, rootModules: string): Promise<void> {
  for (const name of await packageFolders(packageModules)) {
    await rm(join(rootModules, name), { recursive: true, force: true })
    await mkdir(dirname(join(rootModules, name)), { recursive: true })
    await rename(join(packageModules, name), join(rootModules, name)).catch(async () => {
      await cp(join(packageModules, name), join(rootModules, name), { recursive: true, verbatimSymlinks: true })
    })
  }
}
