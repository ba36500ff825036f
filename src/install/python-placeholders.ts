/**
 * pip stops at the first package it finds no wheel for. To name every source-only package in one
 * error, the resolution is repeated (pip install --dry-run) with an empty stand-in wheel for each
 * one found so far, until pip resolves or stops at something else. Nothing is installed.
 */
import AdmZip from 'adm-zip'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

/** The newest version among the source distributions pip skipped for this project, from its log. */
export function sourceVersion(log: string, name: string): string | undefined {
  const project = name.toLowerCase().replace(/[-_.]+/g, '_')
  const versions = [
    ...log.matchAll(/No (?:sources|binaries) permitted for [^:]+: \S*\/([^/\s]+?)\.(?:tar\.gz|tar\.bz2|tgz|zip)\b/g)
  ]
    .map(found => decodeURIComponent(found[1]))
    .filter(stem =>
      stem
        .toLowerCase()
        .replace(/[-_.]+/g, '_')
        .startsWith(`${project}_`)
    )
    .map(stem => stem.slice(stem.lastIndexOf('-') + 1))
  const numeric = (version: string) =>
    version
      .split(/[^0-9]+/)
      .filter(Boolean)
      .map(Number)
  return versions.sort((a, b) => {
    const [x, y] = [numeric(a), numeric(b)]
    for (let index = 0; index < Math.max(x.length, y.length); index++)
      if ((x[index] ?? 0) !== (y[index] ?? 0)) return (x[index] ?? 0) - (y[index] ?? 0)
    return 0
  })[versions.length - 1]
}

/** Writes an empty py3-none-any wheel of name==version into folder, so pip resolves past it. */
export async function writePlaceholderWheel(folder: string, name: string, version: string): Promise<void> {
  await mkdir(folder, { recursive: true })
  const distribution = name.replace(/[-_.]+/g, '_')
  const info = `${distribution}-${version}.dist-info`
  const zip = new AdmZip()
  zip.addFile(`${info}/METADATA`, Buffer.from(`Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`))
  zip.addFile(
    `${info}/WHEEL`,
    Buffer.from('Wheel-Version: 1.0\nGenerator: lambda-layer\nRoot-Is-Purelib: true\nTag: py3-none-any\n')
  )
  zip.addFile(`${info}/RECORD`, Buffer.from(`${info}/METADATA,,\n${info}/WHEEL,,\n${info}/RECORD,,\n`))
  zip.writeZip(join(folder, `${distribution}-${version}-py3-none-any.whl`))
}
