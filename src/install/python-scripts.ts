/**
 * Console scripts: pip --target leaves them in <site-packages>/bin with the shebang of the Python
 * that ran pip (a path of the runner). They move to the layer's bin/ (/opt/bin, on Lambda's PATH)
 * with the runtime's own interpreter, /var/lang/bin/pythonX.Y, in the shebang.
 */
import * as core from '@actions/core'
import { createHash } from 'node:crypto'
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { LambdaRuntime } from '../model/runtimes.js'

/** The interpreter of Lambda's Python runtimes. */
export function lambdaPython(runtime: LambdaRuntime): string {
  return `/var/lang/bin/python${runtime.languageVersion}`
}

/** pip's (distlib's) form for interpreter paths too long or with spaces: a /bin/sh line that execs Python. */
const SH_TRAMPOLINE = /^#!\/bin\/sh\n'''exec' .*python[^\n]*\n' '''\n/

const SYSTEM_INTERPRETERS = /^#!\s*\/(usr\/)?bin\//

export type ScriptFix = { kind: 'python'; content: Buffer } | { kind: 'kept' } | { kind: 'left-out'; shebang: string }

/** What becomes of one script: python shebang replaced, system interpreter kept, runner paths left out. */
export function fixScript(content: Buffer, runtime: LambdaRuntime): ScriptFix {
  if (content.subarray(0, 2).toString('latin1') !== '#!') return { kind: 'kept' }
  const head = content.subarray(0, 4096).toString('utf8')
  const trampoline = SH_TRAMPOLINE.exec(head)
  const firstLineEnd = head.indexOf('\n')
  const firstLine = firstLineEnd < 0 ? head : head.slice(0, firstLineEnd)
  const interpreter = `#!${lambdaPython(runtime)}\n`
  if (trampoline)
    return {
      kind: 'python',
      content: Buffer.concat([Buffer.from(interpreter), content.subarray(Buffer.byteLength(trampoline[0]))])
    }
  if (/^#!\s*\S*python[\d.]*(\s|$)/.test(firstLine) || /^#!\s*\/usr\/bin\/env\s+python[\d.]*(\s|$)/.test(firstLine)) {
    const rest = firstLineEnd < 0 ? Buffer.alloc(0) : content.subarray(Buffer.byteLength(firstLine) + 1)
    return { kind: 'python', content: Buffer.concat([Buffer.from(interpreter), rest]) }
  }
  if (SYSTEM_INTERPRETERS.test(firstLine)) return { kind: 'kept' }
  return { kind: 'left-out', shebang: firstLine }
}

/**
 * The RECORD line of a script pip wrote (../../bin/<name>, hashed with the runner's shebang),
 * pointing at the script in the layer's bin/ with its final bytes, or dropped when left out.
 */
export function recordLine(line: string, placed: Map<string, Buffer | undefined>, toBin: string): string | undefined {
  const match = /^(?:\.\.\/)+bin\/([^,/]+),/.exec(line)
  if (!match || !placed.has(match[1])) return line
  const content = placed.get(match[1])
  if (content === undefined) return undefined
  const digest = createHash('sha256').update(content).digest('base64url')
  return `${toBin}/${match[1]},sha256=${digest},${content.length}`
}

/** Rewrites the RECORD of every installed distribution, so no hash of a runner's shebang stays in the layer. */
async function rewriteRecords(target: string, placed: Map<string, Buffer | undefined>, toBin: string): Promise<void> {
  for (const folder of await readdir(target)) {
    if (!folder.endsWith('.dist-info')) continue
    const path = join(target, folder, 'RECORD')
    const text = await readFile(path, 'utf8').catch(() => undefined)
    if (text === undefined) continue
    const lines = text.split('\n').map(line => recordLine(line, placed, toBin))
    await writeFile(path, lines.filter((line): line is string => line !== undefined).join('\n'))
  }
}

/** Moves <target>/bin to <layer>/bin, fixing shebangs (and the RECORDs naming them); returns the script names placed. */
export async function placeConsoleScripts(target: string, layerDir: string, runtime: LambdaRuntime): Promise<string[]> {
  const scripts = join(target, 'bin')
  const entries = await readdir(scripts, { withFileTypes: true }).catch(() => [])
  if (entries.length === 0) return []
  const bin = join(layerDir, 'bin')
  await mkdir(bin, { recursive: true })
  const placed = new Map<string, Buffer | undefined>()
  for (const entry of entries) {
    const from = join(scripts, entry.name)
    const to = join(bin, entry.name)
    if (!entry.isFile()) {
      await rename(from, to)
      continue
    }
    const content = await readFile(from)
    const fix = fixScript(content, runtime)
    if (fix.kind === 'left-out') {
      core.notice(
        `Console script ${entry.name} left out of the layer: its interpreter ${fix.shebang.slice(2)} is not on Lambda.`
      )
      placed.set(entry.name, undefined)
      continue
    }
    const final = fix.kind === 'python' ? fix.content : content
    await writeFile(to, final)
    await chmod(to, 0o755)
    placed.set(entry.name, final)
  }
  await rm(scripts, { recursive: true, force: true })
  await rewriteRecords(target, placed, relative(target, bin))
  const names = [...placed].filter(([, content]) => content !== undefined).map(([name]) => name)
  if (names.length > 0)
    core.info(
      `Console scripts in bin/ (/opt/bin is on Lambda's PATH), run by ${lambdaPython(runtime)}: ${names.sort().join(', ')}`
    )
  return names
}
