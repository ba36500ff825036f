import { readFile, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { linksLeavingTheLayer, zipEntryKinds } from './helpers/layer-links.js'
import { writeZip, writeZipWithDuplicate, type ZipItem } from './helpers/zip-builder.js'

/** One set of link and mode rules for every route: an archive passed in, a folder zipped as it is. */
const server = useLoopbackServer()

function lines(run: ActionRun, kind: 'warning' | 'notice'): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith(`::${kind}::`))
    .map(line => line.slice(`::${kind}::`.length))
}

async function publishArchive(items: ZipItem[], runtime = 'provided.al2023'): Promise<[ActionRun, string]> {
  const archive = await writeZip(items)
  const run = await runAction(
    { 'layer-name': 'archive-rules', runtime, regions: 'eu-west-1', archive, verify: 'off' },
    { endpoint: server.url }
  )
  return [run, archive]
}

const TOOL: ZipItem = { kind: 'file', name: 'bin/tool', content: '#!/bin/sh\necho tool\n', mode: 0o755 }

describe('archive: links', () => {
  it.each([
    ['/etc/passwd', 'points outside the layer'],
    ['../../..', 'points outside the layer'],
    ['missing.txt', 'points at nothing in the archive']
  ])('refuses a link to %s naming archive, before any call', async (target, why) => {
    const [run, archive] = await publishArchive([TOOL, { kind: 'symlink', name: 'bin/link', target }])
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `Input "archive": ${archive} holds a symbolic link "bin/link" to "${target}" that ${why}; expected links only to other entries of the archive.`
    ])
    expect(server.requests).toEqual([])
  })

  it('keeps a link to another entry of the archive, byte for byte', async () => {
    const [run, archive] = await publishArchive([
      TOOL,
      { kind: 'folder', name: 'bin' },
      { kind: 'symlink', name: 'bin/alias', target: 'tool' }
    ])
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(lines(run, 'notice')).toEqual([])
    expect(run.outputs['archive-path']).toBe(archive)
    expect(zipEntryKinds(archive)).toEqual({ 'bin/tool': '-755', 'bin/': 'd755', 'bin/alias': 'l777' })
    expect(server.layerVersions('eu-west-1', 'archive-rules')[0].zip.equals(await readFile(archive))).toBe(true)
  })
})

describe('archive: duplicate names', () => {
  it('refuses an archive holding one name twice, naming archive', async () => {
    const archive = await writeZipWithDuplicate('bin/tool', 'bin/toox')
    const run = await runAction(
      { 'layer-name': 'archive-dup', runtime: 'provided.al2023', regions: 'eu-west-1', archive },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `Input "archive": ${archive} holds the entry "bin/tool" more than once, so what lands in /opt would depend on the unzip tool; expected each entry name once.`
    ])
    expect(server.requests).toEqual([])
  })
})

describe('archive: modes', () => {
  it('gives bootstrap, bin/ and lib/*.so* their execute bit and other files 0644, with a notice, re-packed', async () => {
    const [run, archive] = await publishArchive([
      { kind: 'file', name: 'bootstrap', content: '#!/bin/sh\n', mode: 0o644 },
      { kind: 'file', name: 'bin/tool', content: '#!/bin/sh\n', mode: 0o600 },
      { kind: 'file', name: 'lib/libx.so.1', content: 'not elf', mode: 0o644 },
      { kind: 'file', name: 'share/readme.txt', content: 'hello\n', mode: 0o664 }
    ])
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs['archive-path']).not.toBe(archive)
    expect(lines(run, 'notice')).toEqual([
      `archive: modes changed for 4 entries: bin/tool 0600 → 0755, bootstrap 0644 → 0755, lib/libx.so.1 0644 → 0755, share/readme.txt 0664 → 0644; re-packed with the layer's modes as ${run.outputs['archive-path']}`
    ])
    expect(zipEntryKinds(run.outputs['archive-path'])).toEqual({
      'bin/': 'd755',
      'bin/tool': '-755',
      bootstrap: '-755',
      'lib/': 'd755',
      'lib/libx.so.1': '-755',
      'share/': 'd755',
      'share/readme.txt': '-644'
    })
    const [stored] = server.layerVersions('eu-west-1', 'archive-rules')
    expect(stored.codeSha256).toBe(run.outputs['code-sha256'])
  })

  it('gives entries made on Windows (no Unix modes) the layer modes, with a notice', async () => {
    const [run] = await publishArchive(
      [
        { kind: 'windows-file', name: 'bin/tool', content: '#!/bin/sh\n' },
        { kind: 'windows-file', name: 'nodejs/node_modules/left/index.js', content: 'module.exports = 1\n' }
      ],
      'nodejs22.x'
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(lines(run, 'notice')).toEqual([
      `archive: 2 entries carry no Unix modes (made on Windows) and were given 0755/0644: bin/tool 0755, nodejs/node_modules/left/index.js 0644; re-packed with the layer's modes as ${run.outputs['archive-path']}`
    ])
    expect(zipEntryKinds(run.outputs['archive-path'])).toEqual({
      'bin/': 'd755',
      'bin/tool': '-755',
      'nodejs/': 'd755',
      'nodejs/node_modules/': 'd755',
      'nodejs/node_modules/left/': 'd755',
      'nodejs/node_modules/left/index.js': '-644'
    })
    expect(linksLeavingTheLayer(run.outputs['archive-path'])).toEqual([])
  })
})

describe('folder: links', () => {
  it('leaves out links to nothing and links that leave through another link, with a warning each', async () => {
    const source = await mkdtemp(join(tmpdir(), 'folder-links-'))
    await mkdir(join(source, 'bin'))
    await writeFile(join(source, 'bin/tool'), '#!/bin/sh\n', { mode: 0o644 })
    await symlink('missing', join(source, 'bin/dangling'))
    await symlink('/etc', join(source, 'bin/etc'))
    await symlink('etc/passwd', join(source, 'bin/passwd'))
    await symlink('tool', join(source, 'bin/alias'))
    const run = await runAction(
      {
        'layer-name': 'folder-links',
        runtime: 'provided.al2023',
        regions: 'eu-west-1',
        source,
        install: 'false',
        verify: 'off'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(lines(run, 'warning')).toEqual([
      'Not packed: bin/dangling: symbolic link to missing points at nothing',
      'Not packed: bin/etc: symbolic link to /etc points outside the layer and is not followed',
      'Not packed: bin/passwd: symbolic link to etc/passwd points outside the layer and is not followed'
    ])
    expect(zipEntryKinds(run.outputs['archive-path'])).toEqual({
      'bin/': 'd755',
      'bin/alias': 'l777',
      'bin/tool': '-755'
    })
    expect(linksLeavingTheLayer(run.outputs['archive-path'])).toEqual([])
  })
})
