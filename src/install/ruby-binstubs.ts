import * as core from '@actions/core'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { rubyShebangForLambda, shebangLine } from './shebang.js'

/**
 * The gem home's bin/ wrappers name the runner's interpreter (#!/usr/bin/env ruby3.1); on Lambda
 * the runtime's Ruby is "ruby" on PATH. Rewritten to #!/usr/bin/env ruby, with a notice; a stub
 * naming no Ruby is left out, with a notice too.
 */
export async function fixRubyBinstubs(gemHome: string): Promise<void> {
  const bin = join(gemHome, 'bin')
  const rewritten: string[] = []
  const dropped: string[] = []
  for (const name of await readdir(bin).catch(() => [] as string[])) {
    const path = join(bin, name)
    const content = await readFile(path).catch(() => undefined)
    if (content === undefined) continue
    const line = shebangLine(content)
    if (line === undefined) continue
    const lambdaLine = rubyShebangForLambda(line)
    if (lambdaLine === undefined) {
      await rm(path, { force: true })
      dropped.push(`${name} (${line})`)
    } else if (lambdaLine !== line) {
      await writeFile(path, Buffer.concat([Buffer.from(lambdaLine), content.subarray(Buffer.byteLength(line))]))
      rewritten.push(`${name} (was ${line})`)
    }
  }
  if (rewritten.length > 0)
    core.notice(
      `Gem commands in bin/ start with #!/usr/bin/env ruby, the runtime's Ruby on Lambda: ${rewritten.join(', ')}`
    )
  if (dropped.length > 0)
    core.notice(`Not packed: gem commands in bin/ whose interpreter Lambda lacks: ${dropped.join(', ')}`)
}
