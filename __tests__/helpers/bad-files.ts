import AdmZip from 'adm-zip'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh temporary folder holding the given files (paths relative to it). */
export async function folderWith(files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'bad-input-'))
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true })
    await writeFile(join(root, name), content)
  }
  return root
}

/** A zip whose entry names are written as given: AdmZip's addFile would sanitize them, the setter does not. */
export async function zipWithNames(names: string[]): Promise<string> {
  const zip = new AdmZip()
  names.forEach((name, index) => {
    const entry = zip.addFile(`nodejs/placeholder-${index}.js`, Buffer.from('module.exports = 1\n'))
    entry.entryName = name
  })
  const path = join(await folderWith(), 'layer.zip')
  zip.writeZip(path)
  return path
}
