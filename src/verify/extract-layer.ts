/** Extracts the produced zip into a scratch folder, as Lambda extracts a layer into /opt. */
import AdmZip from 'adm-zip'
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { dirname, resolve, sep } from 'node:path'

const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFDIR = 0o040000

function inside(root: string, name: string): string {
  const target = resolve(root, name)
  if (target !== root && !target.startsWith(root + sep)) throw new Error(`${name} leaves the layer`)
  return target
}

/** Writes every entry of the zip under root with its mode (links as links); returns the entry names. */
export async function extractLayer(zipPath: string, root: string): Promise<string[]> {
  const zip = new AdmZip(await readFile(zipPath))
  const names: string[] = []
  await mkdir(root, { recursive: true })
  for (const entry of zip.getEntries()) {
    const name = entry.entryName
    names.push(name)
    const target = inside(root, name)
    const mode = (entry.attr >>> 16) & 0xffff
    if (entry.isDirectory || (mode & S_IFMT) === S_IFDIR) {
      await mkdir(target, { recursive: true })
      continue
    }
    await mkdir(dirname(target), { recursive: true })
    const data = entry.getData()
    if ((mode & S_IFMT) === S_IFLNK) {
      await symlink(data.toString('utf8'), target)
      continue
    }
    await writeFile(target, data)
    await chmod(target, mode & 0o777 || 0o644)
  }
  return names
}
