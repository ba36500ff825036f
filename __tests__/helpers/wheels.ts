import AdmZip from 'adm-zip'
import { createHash } from 'node:crypto'
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
  const wheel = ['Wheel-Version: 1.0', 'Generator: lambda-layer-tests', `Root-Is-Purelib: ${platform === 'any'}`, `Tag: ${spec.tag}`, ''].join('\n')
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
