import AdmZip from 'adm-zip'
import { chmod, mkdir, mkdtemp, readFile, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readLayerTree } from '../src/package/layer-tree.js'
import { readLayerZip, writeLayerZip, ArchiveError } from '../src/package/zip-archive.js'
import { linkStaysInside, unsafeEntryNameReason } from '../src/package/layer-entries.js'

async function makeTree(root: string, mtime: Date, fileMode: number): Promise<void> {
  await mkdir(join(root, 'nodejs/node_modules/pkg/bin'), { recursive: true })
  await mkdir(join(root, 'nodejs/node_modules/.bin'), { recursive: true })
  await writeFile(join(root, 'nodejs/node_modules/pkg/index.js'), 'module.exports = 42\n')
  await writeFile(join(root, 'nodejs/node_modules/pkg/bin/cli.js'), '#!/usr/bin/env node\n')
  await writeFile(join(root, 'nodejs/node_modules/Zeta.txt'), 'upper case sorts first by bytes\n')
  await chmod(join(root, 'nodejs/node_modules/pkg/index.js'), fileMode)
  await chmod(join(root, 'nodejs/node_modules/pkg/bin/cli.js'), 0o700)
  await symlink('../pkg/bin/cli.js', join(root, 'nodejs/node_modules/.bin/cli'))
  for (const path of ['nodejs/node_modules/pkg/index.js', 'nodejs/node_modules/pkg/bin/cli.js']) {
    await utimes(join(root, path), mtime, mtime)
  }
}

async function zipOf(root: string, name: string) {
  const tree = await readLayerTree(root)
  return writeLayerZip(tree.entries, join(await mkdtemp(join(tmpdir(), 'zip-out-')), name))
}

describe('writeLayerZip', () => {
  it('gives byte-identical zips for the same content whatever the dates, umask and zip name', async () => {
    const first = await mkdtemp(join(tmpdir(), 'tree-a-'))
    const second = await mkdtemp(join(tmpdir(), 'tree-b-'))
    await makeTree(first, new Date('2001-02-03T04:05:06Z'), 0o600)
    await makeTree(second, new Date('2030-12-31T23:59:58Z'), 0o664)
    const a = await zipOf(first, 'a.zip')
    const b = await zipOf(second, 'b.zip')
    expect(await readFile(a.path)).toEqual(await readFile(b.path))
    expect(a.codeSha256).toBe(b.codeSha256)
    expect(a.codeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/)
  })

  it('sorts entries by bytes, fixes timestamps and normalizes modes, keeping inside links as links', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tree-'))
    await makeTree(root, new Date(), 0o600)
    const archive = await zipOf(root, 'layer.zip')
    const zip = new AdmZip(archive.path)
    const entries = zip.getEntries()
    expect(entries.map(entry => entry.entryName)).toEqual([
      'nodejs/',
      'nodejs/node_modules/',
      'nodejs/node_modules/.bin/',
      'nodejs/node_modules/.bin/cli',
      'nodejs/node_modules/Zeta.txt',
      'nodejs/node_modules/pkg/',
      'nodejs/node_modules/pkg/bin/',
      'nodejs/node_modules/pkg/bin/cli.js',
      'nodejs/node_modules/pkg/index.js'
    ])
    const modeOf = (name: string) => (zip.getEntry(name)!.attr >>> 16).toString(8)
    expect(modeOf('nodejs/')).toBe('40755')
    expect(modeOf('nodejs/node_modules/pkg/index.js')).toBe('100644')
    expect(modeOf('nodejs/node_modules/pkg/bin/cli.js')).toBe('100755')
    expect(modeOf('nodejs/node_modules/.bin/cli')).toBe('120777')
    expect(zip.getEntry('nodejs/node_modules/.bin/cli')!.getData().toString()).toBe('../pkg/bin/cli.js')
    for (const entry of entries) expect(entry.header.time.getFullYear()).toBe(1980)
    expect(archive.unzippedBytes).toBe(20 + 20 + 32 + '../pkg/bin/cli.js'.length)
  })

  it('never follows a link that leaves the tree, and reports it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tree-'))
    await mkdir(join(root, 'python'))
    await writeFile(join(root, 'python/ok.py'), 'x = 1\n')
    await symlink('/etc/passwd', join(root, 'python/passwd'))
    await symlink('../../outside', join(root, 'python/escape'))
    const tree = await readLayerTree(root)
    expect(tree.entries.map(entry => entry.path).sort()).toEqual(['python', 'python/ok.py'])
    expect(tree.skipped.map(skipped => skipped.path).sort()).toEqual(['python/escape', 'python/passwd'])
    expect(tree.skipped[0].reason).toMatch(/points outside the layer and is not followed/)
  })
})

describe('readLayerZip', () => {
  it('refuses a file that is not a zip', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'not-zip-')), 'layer.zip')
    await writeFile(path, 'definitely not a zip')
    await expect(readLayerZip(path)).rejects.toThrow(ArchiveError)
  })

  it('refuses entries that climb out of /opt', async () => {
    const zip = new AdmZip()
    zip.addFile('nodejs/node_modules/ok.js', Buffer.from('1'))
    zip.addFile('nodejs/../../etc/cron.d/evil', Buffer.from('2'))
    const path = join(await mkdtemp(join(tmpdir(), 'evil-')), 'evil.zip')
    // adm-zip normalizes names on add; write the raw name through the entry itself
    zip.getEntries()[1].entryName = '../../etc/cron.d/evil'
    zip.writeZip(path)
    await expect(readLayerZip(path)).rejects.toThrow(
      /holds an entry "..\/..\/etc\/cron.d\/evil" that climbs out of the layer/
    )
  })
})

describe('entry rules', () => {
  it.each([
    ['/etc/passwd', 'is an absolute path'],
    ['a/../../b', 'climbs out of the layer with ".."'],
    ['C:/x', 'is an absolute path'],
    ['a\\b', 'contains a backslash']
  ])('%s %s', (name, reason) => {
    expect(unsafeEntryNameReason(name)).toBe(reason)
  })

  it('tells links that stay inside from links that leave', () => {
    expect(linkStaysInside('nodejs/node_modules/.bin/x', '../pkg/x.js')).toBe(true)
    expect(linkStaysInside('nodejs/x', '../../x')).toBe(false)
    expect(linkStaysInside('a', '/abs')).toBe(false)
  })
})
