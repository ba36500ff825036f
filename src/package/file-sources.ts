import type AdmZip from 'adm-zip'
import { open, readFile } from 'node:fs/promises'
import type { LayerEntry } from './layer-entries.js'

/** A file of the layer whose bytes can be read on demand, from disk or from a zip. */
export interface LayerFileSource {
  path: string
  size: number
  head(bytes: number): Promise<Buffer>
  read(): Promise<Buffer>
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** The regular files among tree entries, read from disk. */
export function treeFileSources(entries: LayerEntry[]): LayerFileSource[] {
  return entries
    .filter(entry => entry.type === 'file' && entry.absolutePath)
    .map(entry => ({
      path: entry.path,
      size: entry.size,
      head: bytes => readHead(entry.absolutePath as string, bytes),
      read: () => readFile(entry.absolutePath as string)
    }))
}

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

/** The regular files of a zip (links and folders left out), decompressed on demand. */
export function zipFileSources(zip: AdmZip): LayerFileSource[] {
  return zip
    .getEntries()
    .filter(entry => !entry.isDirectory && ((entry.attr >>> 16) & S_IFMT) !== S_IFLNK)
    .map(entry => ({
      path: entry.entryName,
      size: entry.header.size,
      head: async bytes => entry.getData().subarray(0, bytes),
      read: async () => entry.getData()
    }))
}
