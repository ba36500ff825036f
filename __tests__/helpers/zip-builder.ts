import AdmZip from 'adm-zip'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** One entry of a hand-made zip: a file with Unix mode, a symbolic link, or a file made on Windows (no Unix modes). */
export type ZipItem =
  | { kind: 'file'; name: string; content: string; mode?: number }
  | { kind: 'folder'; name: string }
  | { kind: 'symlink'; name: string; target: string }
  | { kind: 'windows-file'; name: string; content: string }

const S_IFLNK = 0o120000
/** MS-DOS "archive" attribute, what Windows tools put in the external attributes of a file. */
const DOS_ARCHIVE = 0x20
/** "Version made by": host 0 (MS-DOS/Windows), spec 2.0. */
const MADE_ON_WINDOWS = 20

/** Writes the items, in order, to a fresh zip file and returns its path. */
export async function writeZip(items: ZipItem[], name = 'layer.zip'): Promise<string> {
  const zip = new AdmZip()
  for (const item of items) {
    if (item.kind === 'folder') {
      zip.addFile(`${item.name}/`, Buffer.alloc(0))
    } else if (item.kind === 'file') {
      zip.addFile(item.name, Buffer.from(item.content), '', item.mode ?? 0o644)
    } else if (item.kind === 'symlink') {
      const entry = zip.addFile(item.name, Buffer.from(item.target))
      entry.attr = ((S_IFLNK | 0o777) << 16) >>> 0
    } else {
      const entry = zip.addFile(item.name, Buffer.from(item.content))
      entry.attr = DOS_ARCHIVE
      entry.header.made = MADE_ON_WINDOWS
    }
  }
  const path = join(await mkdtemp(join(tmpdir(), 'zip-builder-')), name)
  zip.writeZip(path)
  return path
}

/** Writes a zip holding the same entry name twice (adm-zip refuses to, so the second name is patched in the bytes). */
export async function writeZipWithDuplicate(name: string, other: string): Promise<string> {
  if (name.length !== other.length) throw new Error('the two names must have the same length')
  const zip = new AdmZip()
  zip.addFile(name, Buffer.from('first\n'))
  zip.addFile(other, Buffer.from('second\n'))
  const bytes = zip.toBuffer()
  for (let at = bytes.indexOf(other); at >= 0; at = bytes.indexOf(other, at + 1)) bytes.write(name, at)
  const path = join(await mkdtemp(join(tmpdir(), 'zip-duplicate-')), 'layer.zip')
  await writeFile(path, bytes)
  return path
}
