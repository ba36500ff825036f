/**
 * Console scripts: pip --target leaves them in <site-packages>/bin with the shebang of the Python
 * that ran pip (a path of the runner). They move to the layer's bin/ (/opt/bin, on Lambda's PATH)
 * with the runtime's own interpreter, /var/lang/bin/pythonX.Y, in the shebang.
 */
import * as core from '@actions/core'
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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

/** Moves <target>/bin to <layer>/bin, fixing shebangs; returns the script names placed. */
export async function placeConsoleScripts(target: string, layerDir: string, runtime: LambdaRuntime): Promise<string[]> {
  const scripts = join(target, 'bin')
  const entries = await readdir(scripts, { withFileTypes: true }).catch(() => [])
  if (entries.length === 0) return []
  const bin = join(layerDir, 'bin')
  await mkdir(bin, { recursive: true })
  const placed: string[] = []
  for (const entry of entries) {
    const from = join(scripts, entry.name)
    const to = join(bin, entry.name)
    if (!entry.isFile()) {
      await rename(from, to)
      continue
    }
    const fix = fixScript(await readFile(from), runtime)
    if (fix.kind === 'left-out') {
      core.notice(
        `Console script ${entry.name} left out of the layer: its interpreter ${fix.shebang.slice(2)} is not on Lambda.`
      )
      continue
    }
    if (fix.kind === 'python') await writeFile(to, fix.content)
    else await rename(from, to)
    await chmod(to, 0o755)
    placed.push(entry.name)
  }
  await rm(scripts, { recursive: true, force: true })
  if (placed.length > 0)
    core.info(
      `Console scripts in bin/ (/opt/bin is on Lambda's PATH), run by ${lambdaPython(runtime)}: ${placed.sort().join(', ')}`
    )
  return placed
}
