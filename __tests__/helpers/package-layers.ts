import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** Writes files (path inside the folder → content) into a fresh temporary folder; returns it. */
export async function layerFolder(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'manifest-layer-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}

/** package.json and index.js of an npm package at nodejs/node_modules/<folder>. */
export function nodePackage(folder: string, name: string, version: string): Record<string, string> {
  const base = `nodejs/node_modules/${folder}`
  return {
    [`${base}/package.json`]: JSON.stringify({ name, version, main: 'index.js' }),
    [`${base}/index.js`]: `module.exports = ${JSON.stringify(`${name}@${version}`)}\n`
  }
}

/** A dist-info folder with core metadata (and a module) in a python3.12 site-packages. */
export function pythonDistribution(module: string, name: string, version: string): Record<string, string> {
  const site = 'python/lib/python3.12/site-packages'
  return {
    [`${site}/${module}/__init__.py`]: `__version__ = ${JSON.stringify(version)}\n`,
    [`${site}/${module}-${version}.dist-info/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: test\n\nName: not-a-header\n`,
    [`${site}/${module}-${version}.dist-info/RECORD`]: ''
  }
}
