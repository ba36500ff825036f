import { lstat, readdir, readlink } from 'node:fs/promises'
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

/**
 * Lists everything under root as layer entries. Links that stay inside root are kept as links;
 * links that leave it are never followed and are reported as skipped.
 */
export async function readLayerTree(root: string): Promise<LayerTree> {
  const entries: LayerEntry[] = []
  const skipped: SkippedPath[] = []

  async function visit(directory: string): Promise<void> {
    const children = (await readdir(directory, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const child of children) {
      const absolutePath = join(directory, child.name)
      const path = toZipPath(root, absolutePath)
      const stats = await lstat(absolutePath)
      if (stats.isSymbolicLink()) {
        const linkTarget = await readlink(absolutePath)
        if (linkStaysInside(path, linkTarget)) {
          entries.push({ path, type: 'symlink', mode: stats.mode, size: Buffer.byteLength(linkTarget), linkTarget })
        } else {
          skipped.push({ path, reason: `symbolic link to ${linkTarget} points outside the layer and is not followed` })
        }
      } else if (stats.isDirectory()) {
        entries.push({ path, type: 'directory', mode: stats.mode, size: 0 })
        await visit(absolutePath)
      } else if (stats.isFile()) {
        entries.push({ path, type: 'file', mode: stats.mode, size: stats.size, absolutePath })
      } else {
        skipped.push({ path, reason: 'is not a regular file, folder or link' })
      }
    }
  }

  await visit(root)
  return { entries, skipped }
}
