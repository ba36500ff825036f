import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ArchiveEntry } from './archive-entries.js'

/**
 * Writes a checked archive's entries into an empty folder with the layer's modes, so it is packed
 * by the same walk as any folder. Names and links were checked first (archiveEntries): nothing
 * lands outside the folder. Links come last, so no file is written through one.
 */
export async function extractArchive(entries: ArchiveEntry[], folder: string): Promise<string> {
  await mkdir(folder, { recursive: true })
  for (const entry of entries.filter(candidate => candidate.type === 'directory'))
    await mkdir(join(folder, entry.path), { recursive: true })
  for (const entry of entries.filter(candidate => candidate.type === 'file')) {
    const path = join(folder, entry.path)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, entry.data(), { mode: entry.layerMode })
    await chmod(path, entry.layerMode)
  }
  for (const entry of entries.filter(candidate => candidate.type === 'symlink')) {
    const path = join(folder, entry.path)
    await mkdir(dirname(path), { recursive: true })
    await symlink(entry.linkTarget as string, path)
  }
  return folder
}
