import * as core from '@actions/core'
import { open, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { nodeShebangWorks, shebangLine } from './shebang.js'

async function head(path: string): Promise<Buffer | undefined> {
  const handle = await open(path, 'r').catch(() => undefined)
  if (!handle) return undefined
  try {
    const buffer = Buffer.alloc(256)
    const { bytesRead } = await handle.read(buffer, 0, 256, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * node_modules/.bin holds links to packages' command scripts. One whose shebang names an
 * interpreter Lambda lacks (an absolute path on the runner) is left out, with a notice.
 */
export async function dropUnusableBinstubs(nodeModules: string): Promise<string[]> {
  const bin = join(nodeModules, '.bin')
  const dropped: string[] = []
  for (const name of await readdir(bin).catch(() => [] as string[])) {
    const bytes = await head(join(bin, name))
    // A command of a package that is not in the layer (left out as unused) goes with it.
    if (bytes === undefined) await rm(join(bin, name), { force: true })
    const line = bytes && shebangLine(bytes)
    if (bytes !== undefined && !nodeShebangWorks(line)) {
      await rm(join(bin, name), { force: true })
      dropped.push(`${name} (${line})`)
    }
  }
  if (dropped.length > 0)
    core.notice(
      `Not packed: node_modules/.bin commands whose interpreter Lambda lacks: ${dropped.join(', ')}; call them with node instead`
    )
  return dropped
}
