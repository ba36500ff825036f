import AdmZip from 'adm-zip'
import { createCipheriv, createHash } from 'node:crypto'
import { chmod, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'
import { readLayerTree } from '../src/package/layer-tree.js'
import { writeLayerZip } from '../src/package/zip-archive.js'
import { DEFLATE_OPTIONS, entryData } from '../src/package/zip-entry-data.js'
import { DeflatePool } from '../src/package/zip-deflate-pool.js'
import { PIECE_BYTES, PieceAssembly, pieceJobs, PROBE_MIN_BYTES } from '../src/package/zip-pieces.js'
import type { LayerEntry } from '../src/package/layer-entries.js'
import { prefetchInOrder } from '../src/package/zip-prefetch.js'
import { DEFLATED, STORED } from '../src/package/zip-records.js'

/** Seeded bytes that no compressor can shrink. */
function incompressible(label: string, size: number): Buffer {
  const key = createHash('sha256').update(label).digest()
  return createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32)).update(Buffer.alloc(size))
}

function text(size: number): Buffer {
  const line = 'module.exports = function greet (name) { return `hello ${name}` }\n'
  return Buffer.from(line.repeat(Math.ceil(size / line.length)).slice(0, size))
}

/** Buffer equality without jest's element-by-element diff, which crawls on megabytes. */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length)
  expect(actual.equals(expected)).toBe(true)
}

function inPlace(raw: Buffer) {
  return entryData({ size: raw.length, crc32: crc32(raw), deflated: deflateRawSync(raw, DEFLATE_OPTIONS), raw })
}

describe('entry data', () => {
  it('deflates data that shrinks and stores data that does not', () => {
    const shrinking = inPlace(text(10_000))
    expect(shrinking.method).toBe(DEFLATED)
    expect(shrinking.compressedSize).toBeLessThan(1_000)
    expectSameBytes(inflateRawSync(shrinking.bytes as Buffer), text(10_000))

    const random = incompressible('small', 10_000)
    const kept = inPlace(random)
    expect(kept).toMatchObject({ method: STORED, size: 10_000, compressedSize: 10_000, crc32: crc32(random) })
    expect(kept.bytes).toBe(random)

    expect(inPlace(Buffer.from('x')).method).toBe(STORED)
    expect(inPlace(Buffer.alloc(0))).toMatchObject({ method: STORED, crc32: 0, size: 0, compressedSize: 0 })
    expect(() => entryData({ size: 3, crc32: 1, deflated: Buffer.alloc(5) })).toThrow(/3 bytes to store are missing/)
  })

  it('gives the same bytes from the worker threads as deflating in place, files and link texts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pool-'))
    const pool = new DeflatePool(DEFLATE_OPTIONS)
    try {
      const samples = [text(100), text(50_000), incompressible('x', 3000), Buffer.alloc(0)]
      for (const [index, sample] of samples.entries()) {
        await writeFile(join(dir, `${index}`), sample)
        const fromFile = entryData(await pool.file(join(dir, `${index}`), sample.length))
        expect(fromFile.head).toEqual(sample.subarray(0, 64))
        expect({ ...fromFile, head: undefined }).toEqual(inPlace(sample))
        expect(entryData(await pool.bytes(sample))).toEqual(inPlace(sample))
      }
      const many = await Promise.all(Array.from({ length: 200 }, (_, index) => pool.bytes(text(1000 + index))))
      many.forEach((result, index) => expectSameBytes(inflateRawSync(result.deflated), text(1000 + index)))
      await expect(pool.file(join(dir, 'missing'), 10)).rejects.toThrow(/ENOENT.*missing/)
    } finally {
      await pool.close()
    }
  })

  it('reads files ahead for file() to take, within a byte budget, and keeps a failed read-ahead quiet until asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pool-ahead-'))
    // One worker: it runs a batch's jobs in order, so a later job done means the read-ahead was read.
    const pool = new DeflatePool(DEFLATE_OPTIONS, 1)
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const sample = text(20_000)
      await writeFile(join(dir, 'a'), sample)
      expect(pool.readAhead(join(dir, 'a'), sample.length, true)).toBe(true)
      // Already on its way: not read twice.
      expect(pool.readAhead(join(dir, 'a'), sample.length, true)).toBe(false)
      // A file gone before it is read fails only if asked for, and never unhandled.
      expect(pool.readAhead(join(dir, 'gone'), 10)).toBe(true)
      expect(pool.readAhead(join(dir, 'never-asked'), 10)).toBe(true)
      await pool.bytes(text(10))
      // The file changes after it was read ahead: file() gets what was read, once.
      await writeFile(join(dir, 'a'), text(10))
      const early = await pool.file(join(dir, 'a'), sample.length, true)
      expect({ ...entryData(early), head: undefined }).toEqual(inPlace(sample))
      expect(early.raw).toEqual(sample)
      expect(entryData(await pool.file(join(dir, 'a'), 10))).toMatchObject({ size: 10 })
      // Over the budget (16 MiB waiting to be asked for): declined, and read when asked for.
      expect(pool.readAhead(join(dir, 'big'), 17 * 1024 * 1024)).toBe(false)
      await expect(pool.file(join(dir, 'gone'), 10)).rejects.toThrow(/ENOENT.*gone/)
      await new Promise(resolve => setTimeout(resolve, 20))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
      await pool.close()
    }
  })

  async function assemble(pool: DeflatePool, path: string, size: number, scratch: string, limit?: number) {
    const file: LayerEntry = { path: 'f', type: 'file', mode: 0o644, size, absolutePath: path }
    const assembly = new PieceAssembly(path, scratch, limit)
    const jobs = pieceJobs(file)
    for (const piece of await Promise.all(jobs.map(job => pool.piece(job)))) await assembly.add(piece)
    return { jobs, data: await assembly.finish() }
  }

  it('deflates large files in pieces that form one stream, spills them past the memory limit, stores what does not shrink', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pieces-'))
    const pool = new DeflatePool(DEFLATE_OPTIONS)
    try {
      const content = text(3 * PIECE_BYTES + 1000)
      await writeFile(join(dir, 'text.js'), content)
      const inMemory = await assemble(pool, join(dir, 'text.js'), content.length, join(dir, 'text.part'))
      expect(inMemory.jobs).toHaveLength(4)
      expect(inMemory.data).toMatchObject({ method: DEFLATED, size: content.length, crc32: crc32(content) })
      expect(inMemory.data.head).toEqual(content.subarray(0, 64))
      const joined = Buffer.concat(inMemory.data.parts as Buffer[])
      expect(joined.length).toBe(inMemory.data.compressedSize)
      expectSameBytes(inflateRawSync(joined), content)

      const spilled = await assemble(pool, join(dir, 'text.js'), content.length, join(dir, 'text.part'), 1000)
      expect(spilled.data).toMatchObject({ method: DEFLATED, file: join(dir, 'text.part') })
      expectSameBytes(await readFile(join(dir, 'text.part')), joined)

      const random = incompressible('big', 2 * PIECE_BYTES + 10)
      await writeFile(join(dir, 'random.bin'), random)
      const stored = await assemble(pool, join(dir, 'random.bin'), random.length, join(dir, 'random.part'), 1000)
      expect(stored.data).toMatchObject({
        method: STORED,
        compressedSize: random.length,
        file: join(dir, 'random.bin')
      })
      expect(stored.data.crc32).toBe(crc32(random))
      expect((await readdir(dir)).sort()).toEqual(['random.bin', 'text.js', 'text.part'])

      // A start that shrinks is deflated, even when the rest does not.
      const mixed = Buffer.concat([text(PROBE_MIN_BYTES), incompressible('tail', PIECE_BYTES)])
      await writeFile(join(dir, 'mixed.bin'), mixed)
      const deflated = await assemble(pool, join(dir, 'mixed.bin'), mixed.length, join(dir, 'mixed.part'))
      expect(deflated.data.method).toBe(DEFLATED)
      expectSameBytes(inflateRawSync(Buffer.concat(deflated.data.parts as Buffer[])), mixed)

      await writeFile(join(dir, 'text.js'), content.subarray(0, PIECE_BYTES + 10))
      await expect(assemble(pool, join(dir, 'text.js'), content.length, join(dir, 'x'))).rejects.toThrow(
        /text\.js changed while it was being packed/
      )
    } finally {
      await pool.close()
    }
  })
})

describe('prefetchInOrder', () => {
  it('yields in input order while tasks finish out of order, within the window', async () => {
    let running = 0
    let most = 0
    const results: number[] = []
    const items = Array.from({ length: 20 }, (_, index) => index)
    for await (const value of prefetchInOrder(
      items,
      { items: 4, weight: 100 },
      () => 1,
      async item => {
        running += 1
        most = Math.max(most, running)
        await new Promise(resolve => setTimeout(resolve, (20 - item) % 7))
        running -= 1
        return item * 10
      }
    )) {
      results.push(value)
    }
    expect(results).toEqual(items.map(item => item * 10))
    expect(most).toBeLessThanOrEqual(4)
  })

  it('keeps the weight in flight under the limit, but always runs one item', async () => {
    const started: number[] = []
    const weights = [60, 60, 200, 10]
    const generator = prefetchInOrder(
      weights,
      { items: 10, weight: 100 },
      weight => weight,
      async weight => {
        started.push(weight)
        return weight
      }
    )
    expect((await generator.next()).value).toBe(60)
    expect(started).toEqual([60])
    expect((await generator.next()).value).toBe(60)
    expect((await generator.next()).value).toBe(200)
    expect((await generator.next()).value).toBe(10)
  })

  it('stops at the first failure and lets started tasks settle', async () => {
    const settled: number[] = []
    const run = async () => {
      for await (const value of prefetchInOrder(
        [1, 2, 3, 4],
        { items: 4, weight: 100 },
        () => 1,
        async item => {
          await new Promise(resolve => setTimeout(resolve, item * 5))
          settled.push(item)
          if (item === 2) throw new Error('item 2 failed')
          return item
        }
      )) {
        expect(value).toBe(1)
      }
    }
    await expect(run()).rejects.toThrow('item 2 failed')
    expect(settled.sort()).toEqual([1, 2, 3, 4])
  })
})

describe('streaming writer', () => {
  async function layer(root: string): Promise<void> {
    await mkdir(join(root, 'nodejs/node_modules/pkg/dist'), { recursive: true })
    await mkdir(join(root, 'nodejs/node_modules/.bin'), { recursive: true })
    await mkdir(join(root, 'nodejs/node_modules/empty-dir'), { recursive: true })
    await writeFile(join(root, 'nodejs/node_modules/pkg/index.js'), text(30_000))
    await writeFile(join(root, 'nodejs/node_modules/pkg/empty.js'), '')
    await writeFile(join(root, 'nodejs/node_modules/pkg/dist/bundle.js'), text(3 * PIECE_BYTES + 1000))
    await writeFile(join(root, 'nodejs/node_modules/pkg/dist/logo.png'), incompressible('logo', 300_000))
    await writeFile(
      join(root, 'nodejs/node_modules/pkg/dist/engine.node'),
      incompressible('engine', 3 * PIECE_BYTES + 1000)
    )
    await writeFile(join(root, 'nodejs/node_modules/pkg/cli.js'), '#!/usr/bin/env node\nrequire("./index.js")\n')
    await chmod(join(root, 'nodejs/node_modules/pkg/cli.js'), 0o755)
    await symlink('../pkg/cli.js', join(root, 'nodejs/node_modules/.bin/pkg'))
  }

  it('writes a zip that adm-zip reads back: content, methods, modes, links and folders', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stream-tree-'))
    await layer(root)
    const zipPath = join(await mkdtemp(join(tmpdir(), 'stream-out-')), 'layer.zip')
    const archive = await writeLayerZip((await readLayerTree(root)).entries, zipPath)
    const bytes = await readFile(zipPath)
    expect(archive.zipBytes).toBe(bytes.length)
    expect(archive.codeSha256).toBe(createHash('sha256').update(bytes).digest('base64'))
    expect(await readdir(join(zipPath, '..'))).toEqual(['layer.zip'])

    const zip = new AdmZip(zipPath)
    const entry = (name: string) => zip.getEntry(name) as AdmZip.IZipEntry
    for (const [name, content] of [
      ['nodejs/node_modules/pkg/index.js', text(30_000)],
      ['nodejs/node_modules/pkg/dist/bundle.js', text(3 * PIECE_BYTES + 1000)],
      ['nodejs/node_modules/pkg/dist/logo.png', incompressible('logo', 300_000)],
      ['nodejs/node_modules/pkg/dist/engine.node', incompressible('engine', 3 * PIECE_BYTES + 1000)],
      ['nodejs/node_modules/pkg/empty.js', Buffer.alloc(0)]
    ] as const) {
      expectSameBytes(entry(name).getData(), content)
    }
    expect(entry('nodejs/node_modules/pkg/index.js').header.method).toBe(DEFLATED)
    expect(entry('nodejs/node_modules/pkg/dist/bundle.js').header.method).toBe(DEFLATED)
    expect(entry('nodejs/node_modules/pkg/dist/logo.png').header.method).toBe(STORED)
    expect(entry('nodejs/node_modules/pkg/dist/engine.node').header.method).toBe(STORED)
    expect(entry('nodejs/node_modules/.bin/pkg').getData().toString()).toBe('../pkg/cli.js')
    expect((entry('nodejs/node_modules/.bin/pkg').attr >>> 16).toString(8)).toBe('120777')
    expect((entry('nodejs/node_modules/pkg/cli.js').attr >>> 16).toString(8)).toBe('100755')
    expect(entry('nodejs/node_modules/empty-dir/').isDirectory).toBe(true)
    expect((entry('nodejs/node_modules/empty-dir/').attr >>> 16).toString(8)).toBe('40755')
    expect(zip.getEntries().map(item => item.entryName)).toEqual(archive.entryNames)
    expect(archive.unzippedBytes).toBe(30_000 + 2 * (3 * PIECE_BYTES + 1000) + 300_000 + 42 + '../pkg/cli.js'.length)
  })

  it('orders entries by the bytes of their names, ASCII or not, whatever order they come in', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stream-order-'))
    // Code-unit order would put the emoji (a surrogate pair, 0xD83D) before the full-width z (0xFF5A);
    // UTF-8 puts it after (F0 against EF). A folder sorts by its path without the slash: a, a-b, a/c.
    const names = ['z', 'a-b', 'a/c', '\u{1F600}', '\uFF5A', '\u00E9', 'A']
    for (const name of names) {
      await mkdir(join(root, name, '..'), { recursive: true })
      await writeFile(join(root, name), name)
    }
    const expected = ['A', 'a/', 'a-b', 'a/c', 'z', '\u00E9', '\uFF5A', '\u{1F600}']
    const out = await mkdtemp(join(tmpdir(), 'stream-order-out-'))
    const entries = (await readLayerTree(root)).entries
    for (const [index, order] of [entries, [...entries].reverse()].entries()) {
      await writeLayerZip(order, join(out, `${index}.zip`))
      expect(new AdmZip(join(out, `${index}.zip`)).getEntries().map(entry => entry.entryName)).toEqual(expected)
    }
    const ascii = entries.filter(entry => entry.path.charCodeAt(0) < 0x80)
    await writeLayerZip([...ascii].reverse(), join(out, 'ascii.zip'))
    expect(new AdmZip(join(out, 'ascii.zip')).getEntries().map(entry => entry.entryName)).toEqual(expected.slice(0, 5))
  })

  it('writes the same bytes every time', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stream-tree-'))
    await layer(root)
    const entries = (await readLayerTree(root)).entries
    const out = await mkdtemp(join(tmpdir(), 'stream-out-'))
    const first = await writeLayerZip(entries, join(out, 'a.zip'))
    const second = await writeLayerZip([...entries].reverse(), join(out, 'b.zip'))
    expectSameBytes(await readFile(join(out, 'a.zip')), await readFile(join(out, 'b.zip')))
    expect(first.codeSha256).toBe(second.codeSha256)
  })

  it('fails clearly and leaves no partial zip when a file disappears', async () => {
    const root = await mkdtemp(join(tmpdir(), 'stream-tree-'))
    await layer(root)
    const entries = (await readLayerTree(root)).entries
    const missing = entries.map(entry =>
      entry.path.endsWith('index.js') ? { ...entry, absolutePath: join(root, 'gone.js') } : entry
    )
    const out = await mkdtemp(join(tmpdir(), 'stream-out-'))
    await expect(writeLayerZip(missing, join(out, 'layer.zip'))).rejects.toThrow(/gone\.js/)
    expect(await readdir(out)).toEqual([])
  })
})
