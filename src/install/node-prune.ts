import { readFile, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, sep } from 'node:path'
import { packageFolders } from './node-links.js'

interface Manifest {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

async function readManifest(folder: string): Promise<Manifest | undefined> {
  const text = await readFile(join(folder, 'package.json'), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as Manifest
  } catch {
    return undefined
  }
}

/** Where Node.js finds a package required from a folder inside the layer's node_modules tree. */
async function resolveFrom(name: string, from: string, top: string): Promise<string | undefined> {
  for (let folder = from; folder === top || folder.startsWith(`${top}${sep}`); folder = dirname(folder)) {
    if (basename(folder) !== 'node_modules') {
      const candidate = join(folder, 'node_modules', name)
      if (await stat(candidate).catch(() => undefined)) return candidate
    }
    if (folder === top) break
  }
  return undefined
}

/**
 * Removes the packages no production dependency of the source package reaches: a workspace
 * install (pnpm's hoisted linker, yarn 1) brings in the other workspace packages' dependencies.
 * Returns the removed folders, relative to node_modules.
 */
export async function pruneUnreachable(nodeModules: string, roots: Manifest): Promise<string[]> {
  const top = dirname(nodeModules)
  const reached = new Set<string>()
  const queue: Array<[string, string]> = Object.keys({ ...roots.dependencies, ...roots.optionalDependencies }).map(
    name => [name, top]
  )
  while (queue.length > 0) {
    const [name, from] = queue.shift() as [string, string]
    const found = await resolveFrom(name, from, top)
    if (found === undefined || reached.has(found)) continue
    reached.add(found)
    const manifest = await readManifest(found)
    for (const dependency of Object.keys({ ...manifest?.dependencies, ...manifest?.optionalDependencies }))
      queue.push([dependency, found])
  }
  const removed: string[] = []
  async function visit(folder: string): Promise<void> {
    for (const name of await packageFolders(folder)) {
      const path = join(folder, name)
      if (!reached.has(path)) {
        await rm(path, { recursive: true, force: true })
        removed.push(path.slice(nodeModules.length + 1))
      } else {
        await visit(join(path, 'node_modules'))
      }
    }
  }
  await visit(nodeModules)
  return removed
}
