// Deterministic generator of a tree shaped like a real nodejs/node_modules: many small text
// files (JS, TypeScript declarations, maps, READMEs, package.json), some native binaries that
// compress a little, some incompressible assets (images, wasm, fonts), .bin links and a few
// large files. The same seed always gives the same tree, byte for byte.
import { createCipheriv, createHash } from 'node:crypto'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** mulberry32: a small seeded PRNG, good enough to shape a tree. */
function prng(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Seeded incompressible bytes: AES-128-CTR over zeros, keyed by the seed and a label. */
function randomBytes(seed, label, size) {
  const key = createHash('sha256').update(`${seed}:${label}`).digest()
  return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32)).update(Buffer.alloc(size))
}

const WORDS = (
  'const let var function return if else for while await async import export default from require module exports ' +
  'this new class extends super typeof instanceof null undefined true false Object Array Promise String Number Map Set ' +
  'options value result error callback resolve reject buffer length index key name type path data config state props ' +
  'handler request response stream event emit listener chunk encoding prototype constructor assign keys push slice ' +
  'join split replace match test parse stringify JSON Symbol iterator throw try catch finally break continue switch case'
).split(' ')
const PUNCTUATION = [
  ' = ',
  '(',
  ')',
  ' => ',
  '.',
  ', ',
  ';',
  ' { ',
  ' }',
  '[',
  ']',
  ': ',
  ' === ',
  ' + ',
  ' && ',
  ' || '
]

function textLines(random, count) {
  const lines = []
  for (let line = 0; line < count; line++) {
    const indent = '  '.repeat(Math.floor(random() * 4))
    const tokens = 3 + Math.floor(random() * 12)
    let text = indent
    for (let token = 0; token < tokens; token++) {
      const word = WORDS[Math.floor(random() * WORDS.length)]
      text += random() < 0.2 ? `${word}${Math.floor(random() * 1000)}` : word
      text += PUNCTUATION[Math.floor(random() * PUNCTUATION.length)]
    }
    lines.push(text)
  }
  return lines
}

/** Native-looking binary: 4 KB blocks, half of them structured (compressible), half random. */
function binary(seed, label, size, random) {
  const noise = randomBytes(seed, label, size)
  for (let offset = 0; offset < size; offset += 4096) {
    if (random() < 0.5) {
      const end = Math.min(size, offset + 4096)
      const stride = 1 + Math.floor(random() * 16)
      for (let at = offset; at < end; at++) noise[at] = (at % stride) * 7
    }
  }
  return noise
}

/**
 * Writes the tree under root and returns its shape. Sizes are chosen so the default seed gives
 * about 9,000 files and 190 MB.
 */
export async function generateTree(root, seed = 20261125) {
  const random = prng(seed)
  const pool = textLines(random, 40000)
  const modules = join(root, 'nodejs', 'node_modules')
  await mkdir(join(modules, '.bin'), { recursive: true })
  let files = 0
  let bytes = 0
  const write = async (path, content, mode) => {
    await writeFile(path, content, mode ? { mode } : undefined)
    files += 1
    bytes += content.length
  }
  const text = lineCount => {
    const lines = []
    for (let line = 0; line < lineCount; line++) lines.push(pool[Math.floor(random() * pool.length)])
    return Buffer.from(lines.join('\n') + '\n')
  }

  const packageCount = 350
  for (let index = 0; index < packageCount; index++) {
    const name = index % 7 === 0 ? `@scope${index % 5}/pkg-${index}` : `pkg-${index}`
    const dir = join(modules, name)
    await mkdir(join(dir, 'lib', 'internal'), { recursive: true })
    await mkdir(join(dir, 'dist'), { recursive: true })
    await write(
      join(dir, 'package.json'),
      Buffer.from(
        JSON.stringify(
          { name, version: `1.${index}.0`, main: 'lib/index.js', bin: { [`cli-${index}`]: 'lib/cli.js' } },
          null,
          2
        )
      )
    )
    await write(join(dir, 'README.md'), text(20 + Math.floor(random() * 120)))
    await write(join(dir, 'LICENSE'), text(20))
    const sources = 6 + Math.floor(random() * 10)
    for (let source = 0; source < sources; source++) {
      const folder = source % 3 === 0 ? 'lib/internal' : 'lib'
      await write(join(dir, folder, `file-${source}.js`), text(40 + Math.floor(random() * 360)))
      await write(join(dir, folder, `file-${source}.d.ts`), text(5 + Math.floor(random() * 40)))
    }
    await write(join(dir, 'lib', 'cli.js'), Buffer.concat([Buffer.from('#!/usr/bin/env node\n'), text(30)]), 0o755)
    if (index % 4 === 0) await write(join(dir, 'dist', 'bundle.js.map'), text(600 + Math.floor(random() * 2400)))
    if (index % 2 === 0) await symlink(`../${name}/lib/cli.js`, join(modules, '.bin', `cli-${index}`))
    if (index % 14 === 0)
      await write(
        join(dir, 'dist', 'addon.node'),
        binary(seed, `${name}/addon`, 400_000 + Math.floor(random() * 2_600_000), random),
        0o755
      )
    if (index % 9 === 0)
      await write(
        join(dir, 'dist', 'asset.wasm'),
        randomBytes(seed, `${name}/wasm`, 40_000 + Math.floor(random() * 900_000))
      )
    if (index % 5 === 0)
      await write(
        join(dir, 'dist', 'icon.png'),
        randomBytes(seed, `${name}/png`, 2_000 + Math.floor(random() * 60_000))
      )
  }
  const engines = join(modules, 'engines')
  await mkdir(engines, { recursive: true })
  await write(join(engines, 'query-engine.node'), binary(seed, 'engine', 28_000_000, random), 0o755)
  await write(join(engines, 'schema.wasm'), randomBytes(seed, 'schema', 12_000_000))
  return { root, files, bytes }
}
