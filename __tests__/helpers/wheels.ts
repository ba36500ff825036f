import AdmZip from 'adm-zip'
import { createHash } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface WheelSpec {
  name: string
  version: string
  /** e.g. py3-none-any or cp312-cp312-manylinux2014_aarch64 */
  tag: string
  files: Record<string, string | Buffer>
  requires?: string[]
}

function recordHash(content: Buffer): string {
  return `sha256=${createHash('sha256').update(content).digest('base64url')}`
}

/** Writes a valid wheel (PEP 427) into folder and returns its path, so pip installs it offline. */
export function writeWheel(folder: string, spec: WheelSpec): string {
  const distribution = spec.name.replace(/-/g, '_')
  const distInfo = `${distribution}-${spec.version}.dist-info`
  const [python, abi, platform] = spec.tag.split('-')
  const metadata = [
    'Metadata-Version: 2.1',
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
    ...(spec.requires ?? []).map(requirement => `Requires-Dist: ${requirement}`),
    ''
  ].join('\n')
  const wheel = [
    'Wheel-Version: 1.0',
    'Generator: lambda-layer-tests',
    `Root-Is-Purelib: ${platform === 'any'}`,
    `Tag: ${spec.tag}`,
    ''
  ].join('\n')
  const files: Record<string, Buffer> = {}
  for (const [path, content] of Object.entries(spec.files)) files[path] = Buffer.from(content)
  files[`${distInfo}/METADATA`] = Buffer.from(metadata)
  files[`${distInfo}/WHEEL`] = Buffer.from(wheel)
  const record = Object.entries(files).map(([path, content]) => `${path},${recordHash(content)},${content.length}`)
  record.push(`${distInfo}/RECORD,,`)
  files[`${distInfo}/RECORD`] = Buffer.from(`${record.join('\n')}\n`)

  const zip = new AdmZip()
  for (const [path, content] of Object.entries(files)) zip.addFile(path, content)
  const fileName = `${distribution}-${spec.version}-${python}-${abi}-${platform}.whl`
  const path = join(folder, fileName)
  zip.writeZip(path)
  return path
}

/** A folder of wheels for pip --find-links: demo-pure (pure Python) and native-demo for cp312 on both Linux CPUs. */
export async function wheelhouse(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'wheelhouse-'))
  writeWheel(folder, {
    name: 'demo-pure',
    version: '1.0.0',
    tag: 'py3-none-any',
    files: { 'demo_pure/__init__.py': 'ANSWER = 42\n' }
  })
  for (const machine of ['aarch64', 'x86_64']) {
    writeWheel(folder, {
      name: 'native-demo',
      version: '2.0.0',
      tag: `cp312-cp312-manylinux2014_${machine}`,
      files: {
        'native_demo/__init__.py': 'from ._native import *\n',
        [`native_demo/_native.cpython-312-${machine}-linux-gnu.so`]: `compiled for ${machine}`
      },
      requires: ['demo-pure>=1.0']
    })
  }
  return folder
}
