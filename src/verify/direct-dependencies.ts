/**
 * The modules a layer exists to provide when it was installed from a manifest: the direct
 * dependencies, read from the source manifest (Node.js, Ruby) or from what pip recorded (Python).
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LambdaRuntime } from '../model/runtimes.js'
import { installPath } from '../model/runtimes.js'

const PYTHON_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The keys of package.json's dependencies. */
export function packageJsonDependencies(text: string): string[] {
  const manifest = JSON.parse(text) as { dependencies?: Record<string, string> }
  return Object.keys(manifest.dependencies ?? {})
}

/**
 * Import names of an installed distribution: its top_level.txt when it has one, else the first
 * component of each path in its RECORD that is a package (holds .py or .so files) or a module file.
 */
export function pythonImportNames(topLevel: string | undefined, record: string | undefined): string[] {
  if (topLevel !== undefined) {
    const names = topLevel.split('\n').map(line => line.trim().replace(/\//g, '.'))
    return [...new Set(names.filter(name => name.split('.').every(part => PYTHON_IDENTIFIER.test(part))))]
  }
  const names = new Set<string>()
  for (const line of (record ?? '').split('\n')) {
    const path = line.split(',')[0].trim()
    const parts = path.split('/')
    if (parts[0] === '' || parts[0] === '..' || parts[0].endsWith('.dist-info') || parts[0].endsWith('.data')) continue
    if (parts.length > 1) {
      if (PYTHON_IDENTIFIER.test(parts[0]) && parts[0] !== '__pycache__' && /\.(py|so)$/.test(path)) names.add(parts[0])
      continue
    }
    const file = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.py|(?:\.[A-Za-z0-9_-]+)?\.so)$/.exec(parts[0])
    if (file) names.add(file[1])
  }
  return [...names]
}

/** Gem names in the DEPENDENCIES section of a Gemfile.lock (or gems.locked). */
export function lockfileDependencies(text: string): string[] {
  const lines = text.split('\n')
  const start = lines.findIndex(line => line.trim() === 'DEPENDENCIES')
  if (start < 0) return []
  const names: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break
    const name = /^ {2}([^\s!(]+)/.exec(line)?.[1]
    if (name) names.push(name)
  }
  return names
}

/** Gem names declared with `gem "name"` in a Gemfile, leaving out those marked require: false. */
export function gemfileGems(text: string): string[] {
  const names: string[] = []
  for (const line of text.split('\n')) {
    const gem = /^\s*gem\s+["']([^"']+)["']/.exec(line)
    if (gem && !/require:\s*false|:require\s*=>\s*false/.test(line)) names.push(gem[1])
  }
  return names
}

async function readIfThere(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined)
}

/**
 * Import names of the distributions pip installed because they were asked for: pip writes an empty
 * REQUESTED file into the .dist-info of each requirement given to it (not into their dependencies).
 * Undefined when no distribution has one (an installer that does not write the marker).
 */
export async function requestedPythonModules(layerRoot: string, runtime: LambdaRuntime): Promise<string[] | undefined> {
  const sitePackages = join(layerRoot, installPath(runtime))
  const folders = (await readdir(sitePackages).catch(() => [] as string[])).filter(name => name.endsWith('.dist-info'))
  const names: string[] = []
  let requested = 0
  for (const folder of folders.sort()) {
    if ((await readIfThere(join(sitePackages, folder, 'REQUESTED'))) === undefined) continue
    requested++
    const topLevel = await readIfThere(join(sitePackages, folder, 'top_level.txt'))
    names.push(...pythonImportNames(topLevel, await readIfThere(join(sitePackages, folder, 'RECORD'))))
  }
  return requested === 0 ? undefined : [...new Set(names)]
}

/** Direct dependencies of a Gemfile that bundler installed into the layer (excluded groups are not). */
export async function directGems(sourceDir: string, gemfile: string, installed: string[]): Promise<string[]> {
  const lockfile = gemfile === 'gems.rb' ? 'gems.locked' : 'Gemfile.lock'
  const locked = await readIfThere(join(sourceDir, lockfile))
  const declared = await readIfThere(join(sourceDir, gemfile))
  const optOut = new Set(
    (declared ?? '')
      .split('\n')
      .filter(line => /require:\s*false|:require\s*=>\s*false/.test(line))
      .map(line => /gem\s+["']([^"']+)["']/.exec(line)?.[1])
  )
  const names = locked ? lockfileDependencies(locked) : gemfileGems(declared ?? '')
  return names.filter(name => installed.includes(name) && !optOut.has(name))
}
