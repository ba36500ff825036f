import AdmZip from 'adm-zip'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { buildElf, buildMachO } from './helpers/native-builders.js'

const server = useLoopbackServer()

async function layerTree(files: Record<string, Buffer | string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'compat-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, dirname(path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}

const SITE = 'python/lib/python3.11/site-packages'

describe('compatibility check', () => {
  it('stops an aarch64 library in an x86_64 layer before publishing, naming the file', async () => {
    const source = await layerTree({
      [`${SITE}/fast/_speedups.so`]: buildElf({ machine: 'arm64' }),
      [`${SITE}/fast/__init__.py`]: ''
    })
    const run = await runAction(
      { 'layer-name': 'fast', runtime: 'python3.11', regions: 'eu-west-1 us-east-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `Incompatible native file: ${SITE}/fast/_speedups.so: ELF 64-bit shared object for arm64 (aarch64); an x86_64 layer needs ELF code for x86_64`,
      `Not published: 1 native file(s) would not load on python3.11 x86_64: ${SITE}/fast/_speedups.so: ELF 64-bit shared object for arm64 (aarch64); an x86_64 layer needs ELF code for x86_64`
    ])
    expect(server.requests).toEqual([])
    expect(run.summary).toContain('Not published: the layer failed its checks.')
    expect(run.summary).toContain(
      `<tr><td>${SITE}/fast/_speedups.so</td><td>ELF 64-bit shared object for arm64 (aarch64)</td>`
    )
    expect(run.outputs['layer-version-arns']).toBe('{}')
  })

  it('stops a library needing GLIBC_2.38 on an Amazon Linux 2 runtime', async () => {
    const source = await layerTree({
      [`${SITE}/crypto/_rust.abi3.so`]: buildElf({ machine: 'x86_64', glibc: ['GLIBC_2.2.5', 'GLIBC_2.38'] })
    })
    const run = await runAction(
      { 'layer-name': 'crypto', runtime: 'python3.11', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)[0]).toBe(
      `Incompatible native file: ${SITE}/crypto/_rust.abi3.so: ELF 64-bit shared object for x86_64 requiring GLIBC_2.38; python3.11 runs on Amazon Linux 2 with glibc 2.26; build against glibc 2.26 or older`
    )
    expect(server.requests).toEqual([])
  })

  it('with warn, annotates a macOS addon and publishes anyway', async () => {
    const source = await layerTree({
      'nodejs/node_modules/fsevents/fsevents.node': buildMachO('arm64'),
      'nodejs/node_modules/fsevents/index.js': ''
    })
    const run = await runAction(
      {
        'layer-name': 'addon',
        runtime: 'nodejs22.x',
        architectures: 'arm64',
        regions: 'eu-west-1',
        source,
        install: 'false',
        'compatibility-check': 'warn'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      '::warning::Incompatible native file: nodejs/node_modules/fsevents/fsevents.node: Mach-O binary (macOS) for arm64 (aarch64); Lambda runs Linux: an arm64 layer needs ELF code for arm64'
    )
    expect(server.layerVersions('eu-west-1', 'addon')).toHaveLength(1)
  })

  it('checks an archive passed in, and is silent when off', async () => {
    const zip = new AdmZip()
    zip.addFile('bin/tool', buildElf({ machine: 'arm64', type: 'executable' }), '', 0o755)
    const archive = join(await mkdtemp(join(tmpdir(), 'compat-archive-')), 'tools.zip')
    zip.writeZip(archive)
    const failing = await runAction(
      { 'layer-name': 'tools', runtime: 'provided.al2023', regions: 'eu-west-1', archive },
      { endpoint: server.url }
    )
    expect(failing.exitCode).toBe(1)
    expect(errorLines(failing)[0]).toBe(
      'Incompatible native file: bin/tool: ELF 64-bit executable for arm64 (aarch64); an x86_64 layer needs ELF code for x86_64'
    )
    const off = await runAction(
      {
        'layer-name': 'tools',
        runtime: 'provided.al2023',
        regions: 'eu-west-1',
        archive,
        'compatibility-check': 'off'
      },
      { endpoint: server.url }
    )
    expect(off.exitCode).toBe(0)
    expect(off.stdout).not.toContain('Incompatible native file')
  })

  it('refuses native code in a layer for both architectures', async () => {
    const source = await layerTree({
      'nodejs/node_modules/sharp/build/sharp.node': buildElf({ machine: 'x86_64', glibc: ['GLIBC_2.17'] })
    })
    const run = await runAction(
      {
        'layer-name': 'both',
        runtime: 'nodejs22.x',
        architectures: 'x86_64, arm64',
        regions: 'eu-west-1',
        source,
        install: 'false'
      },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)[0]).toBe(
      'Incompatible native file: nodejs/node_modules/sharp/build/sharp.node: ELF 64-bit shared object for x86_64; a layer published for both x86_64 and arm64 must hold no native code; publish one layer per architecture with a matrix'
    )
  })
})
