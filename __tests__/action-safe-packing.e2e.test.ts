import AdmZip from 'adm-zip'
import { mkdir, mkdtemp, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { zipEntryNames } from './helpers/zip-contents.js'

const server = useLoopbackServer()

function warningLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter(line => line.startsWith('::warning::'))
    .map(line => line.slice('::warning::'.length))
}

async function prebuiltTree(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'safe-packing-'))
  await mkdir(join(root, 'nodejs/node_modules/lib/docs'), { recursive: true })
  await writeFile(join(root, 'nodejs/node_modules/lib/index.js'), 'module.exports = {}\n')
  await writeFile(join(root, 'nodejs/node_modules/lib/docs/guide.md'), '# guide\n'.repeat(100))
  await writeFile(join(root, 'nodejs/.env'), 'DATABASE_PASSWORD=hunter2\n')
  await writeFile(join(root, 'nodejs/.npmrc'), '//registry.npmjs.org/:_authToken=npm_secret\n')
  await mkdir(join(root, '.git'))
  await writeFile(join(root, '.git/config'), '[core]\n')
  await symlink('/etc/passwd', join(root, 'nodejs/node_modules/lib/passwd'))
  return root
}

describe('safe packing', () => {
  it('never packs secrets or escaping links, warns with each path, and applies exclude', async () => {
    const source = await prebuiltTree()
    const run = await runAction(
      {
        'layer-name': 'safe',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source,
        install: 'false',
        exclude: '**/*.md'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(zipEntryNames(run.outputs['archive-path'])).toEqual([
      'nodejs/',
      'nodejs/node_modules/',
      'nodejs/node_modules/lib/',
      'nodejs/node_modules/lib/index.js'
    ])
    expect(warningLines(run.stdout)).toEqual([
      'Not packed: nodejs/node_modules/lib/passwd: symbolic link to /etc/passwd points outside the layer and is not followed',
      'Not packed: .git: .git/ holds credentials or repository metadata (set include-secrets: true to pack it)',
      'Not packed: nodejs/.env: environment file (.env*) may hold secrets (set include-secrets: true to pack it)',
      'Not packed: nodejs/.npmrc: .npmrc holds a credential (set include-secrets: true to pack it)'
    ])
    expect(run.stdout).toContain('exclude left out 1 entry, saving 800 B unzipped')
    expect(run.summary).toContain('<li>nodejs/.env: environment file (.env*) may hold secrets</li>')
    expect(run.summary).toContain('Left out by exclude: 1 of the entries, 800 B')
    expect(server.layerVersions('eu-west-1', 'safe')).toHaveLength(1)
  })

  it('packs them when include-secrets is true', async () => {
    const source = await prebuiltTree()
    const run = await runAction(
      {
        'layer-name': 'unsafe',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source,
        install: 'false',
        'include-secrets': 'true',
        publish: 'false'
      },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(0)
    const entries = zipEntryNames(run.outputs['archive-path'])
    expect(entries).toEqual(expect.arrayContaining(['nodejs/.env', 'nodejs/.npmrc', '.git/config']))
    expect(entries).not.toContain('nodejs/node_modules/lib/passwd')
  })

  it('refuses an archive that holds a secret', async () => {
    const zip = new AdmZip()
    zip.addFile('python/app_config.py', Buffer.from('X = 1\n'))
    zip.addFile('python/.env', Buffer.from('TOKEN=abc\n'))
    const archive = join(await mkdtemp(join(tmpdir(), 'secret-archive-')), 'layer.zip')
    zip.writeZip(archive)
    const run = await runAction(
      { 'layer-name': 'leaky', runtime: 'python3.12', regions: 'eu-west-1', archive },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `Input "archive": ${archive} holds secret files: python/.env (environment file (.env*) may hold secrets); remove them or set include-secrets: true.`
    ])
    expect(server.requests).toEqual([])
  })
})

describe('size budget', () => {
  it('fails a 260 MB tree before zipping or publishing, naming the largest packages', async () => {
    const source = await mkdtemp(join(tmpdir(), 'huge-'))
    for (const [name, megabytes] of [
      ['tensorflow', 180],
      ['pandas', 60],
      ['numpy', 20]
    ] as const) {
      await mkdir(join(source, `python/${name}`), { recursive: true })
      const blob = join(source, `python/${name}/blob.so.data`)
      await writeFile(blob, '')
      await truncate(blob, megabytes * 1024 * 1024)
    }
    const run = await runAction(
      { 'layer-name': 'huge', runtime: 'python3.12', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      "Not published: the layer unzips to 260.0 MiB, over Lambda's 250 MiB limit for a function and its layers (largest: tensorflow 180.0 MiB, pandas 60.0 MiB, numpy 20.0 MiB)."
    ])
    expect(server.requests).toEqual([])
  })
})
