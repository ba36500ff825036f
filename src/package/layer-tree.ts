import { lstat, readdir, readlink, realpath } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { linkStaysInside, type LayerEntry } from './layer-entries.js'

export interface SkippedPath {
  path: string
  reason: string
}

export interface LayerTree {
  entries: LayerEntry[]
  skipped: SkippedPath[]
}

function toZipPath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/')
}

export const LINK_LEAVES = 'points outside the layer and is not followed'
export const LINK_DANGLES = 'points at nothing'

type Visited = { entries: LayerEntry[]; skipped: SkippedPath[] }

/**
 * Lists everything under root as layer entries. Links that stay inside root are kept as links;
 * links that leave it are never followed and are reported as skipped. Siblings and subfolders
 * are examined concurrently; the result keeps the order of a sequential depth-first walk.
 */
export async function readLayerTree(root: string): Promise<LayerTree> {
  async function visitChild(absolutePath: string): Promise<Visited> {
    const path = toZipPath(root, absolutePath)
    const stats = await lstat(absolutePath)
    if (stats.isSymbolicLink()) {
      const linkTarget = await readlink(absolutePath)
      const problem = await linkProblem(path, linkTarget, absolutePath)
      if (problem === undefined) {
        return {
          entries: [{ path, type: 'symlink', mode: stats.mode, size: Buffer.byteLength(linkTarget), linkTarget }],
          skipped: []
        }
      }
      return {
        entries: [],
        skipped: [{ path, reason: `symbolic link to ${linkTarget} ${problem}` }]
      }
    }
    if (stats.isDirectory()) {
      const inside = await visit(absolutePath)
      return {
        entries: [{ path, type: 'directory', mode: stats.mode, size: 0 }, ...inside.entries],
        skipped: inside.skipped
      }
    }
    if (stats.isFile())
      return { entries: [{ path, type: 'file', mode: stats.mode, size: stats.size, absolutePath }], skipped: [] }
    return { entries: [], skipped: [{ path, reason: 'is not a regular file, folder or link' }] }
  }

  async function visit(directory: string): Promise<Visited> {
    const children = (await readdir(directory)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const visited = await Promise.all(children.map(name => visitChild(join(directory, name))))
    return { entries: visited.flatMap(child => child.entries), skipped: visited.flatMap(child => child.skipped) }
  }

  const realRoot = await realpath(root)
  /** Why a link cannot be packed (it leaves the layer, directly or through other links, or points at nothing). */
  async function linkProblem(path: string, linkTarget: string, absolutePath: string): Promise<string | undefined> {
    if (!linkStaysInside(path, linkTarget)) return LINK_LEAVES
    const resolved = await realpath(absolutePath).catch(() => undefined)
    if (resolved === undefined) return LINK_DANGLES
    return resolved === realRoot || resolved.startsWith(`${realRoot}${sep}`) ? undefined : LINK_LEAVES
  }

  return visit(root)
}
