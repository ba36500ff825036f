import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { packageFolders } from './node-links.js'

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const

/** A package's install-time scripts as npm would run them: its own, or node-gyp for a binding.gyp. */
export function installScripts(
  scripts: Record<string, string> | undefined,
  hasBindingGyp: boolean
): Array<[string, string]> {
  const found = INSTALL_SCRIPTS.filter(name => typeof scripts?.[name] === 'string').map(
    name => [name, scripts?.[name] as string] as [string, string]
  )
  if (hasBindingGyp && !found.some(([name]) => name === 'install' || name === 'preinstall'))
    found.push(['install', 'node-gyp rebuild'])
  return found
}

/** "esbuild (postinstall: node install.js)" for every installed package with install-time scripts, sorted. */
export async function packagesWithInstallScripts(nodeModules: string): Promise<string[]> {
  const found: string[] = []
  async function visit(folder: string): Promise<void> {
    for (const name of await packageFolders(folder)) {
      const path = join(folder, name)
      const manifest = await readFile(join(path, 'package.json'), 'utf8').catch(() => undefined)
      if (manifest === undefined) continue
      let scripts: Record<string, string> | undefined
      try {
        scripts = (JSON.parse(manifest) as { scripts?: Record<string, string> }).scripts
      } catch {
        continue
      }
      const gyp = (await stat(join(path, 'binding.gyp')).catch(() => undefined)) !== undefined
      const run = installScripts(scripts, gyp)
      if (run.length > 0) found.push(`${name} (${run.map(([script, command]) => `${script}: ${command}`).join('; ')})`)
      await visit(join(path, 'node_modules'))
    }
  }
  await visit(nodeModules)
  return [...new Set(found)].sort()
}
