import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A prebuilt Node.js layer folder (publish it with install: false) holding one module and a file
 * of `randomBytesCount` random, hence incompressible, bytes: its zip is at least that large.
 */
export async function incompressibleLayerFolder(randomBytesCount: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'big-layer-'))
  const module = join(root, 'nodejs', 'node_modules', 'blob')
  await mkdir(module, { recursive: true })
  await writeFile(join(module, 'package.json'), '{"name":"blob","version":"1.0.0","main":"index.js"}')
  await writeFile(join(module, 'index.js'), "module.exports = require('fs').readFileSync(__dirname + '/blob.bin')\n")
  await writeFile(join(module, 'blob.bin'), randomBytes(randomBytesCount))
  return root
}
