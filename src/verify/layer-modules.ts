/**
 * The modules a layer offers, read from its entry names alone: every top-level package or module
 * in the folders the runtime loads from. Pure: no file system.
 */
import type { LambdaRuntime } from '../model/runtimes.js'

/** A module to load, and the folder it was found in when the runtime does not load that folder. */
export interface ModuleCandidate {
  name: string
  /** Set when the module sits in a folder of another language version, which this runtime never reads. */
  strayFolder?: string
}

const PYTHON_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const PYTHON_MODULE_FILE = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.py|(?:\.[A-Za-z0-9_-]+)?\.so)$/
const NODE_FILE = /^([^.][^/]*)\.(?:js|cjs|json|node)$/

/** Names of the entries directly inside folder, with whether each is a folder (has entries below it). */
function children(entryNames: string[], folder: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  const prefix = `${folder}/`
  for (const name of entryNames) {
    if (!name.startsWith(prefix)) continue
    const rest = name.slice(prefix.length)
    if (rest === '') continue
    const [first, ...below] = rest.split('/')
    const inside = found.get(first) ?? []
    if (below.length > 0 && below.join('/') !== '') inside.push(below.join('/'))
    found.set(first, inside)
  }
  return found
}

function nodePackages(entryNames: string[], folder: string): string[] {
  const names: string[] = []
  for (const [name, inside] of children(entryNames, folder)) {
    if (name.startsWith('.')) continue
    if (name.startsWith('@')) {
      if (name === '@types') continue
      for (const [pkg, below] of children(entryNames, `${folder}/${name}`))
        if (below.length > 0) names.push(`${name}/${pkg}`)
      continue
    }
    if (inside.length > 0) names.push(name)
    else {
      const file = NODE_FILE.exec(name)
      if (file) names.push(file[1])
    }
  }
  return names
}

function hasPythonCode(inside: string[]): boolean {
  return inside.some(path => path.endsWith('.py') || path.endsWith('.so'))
}

function pythonModules(entryNames: string[], folder: string): string[] {
  const names: string[] = []
  for (const [name, inside] of children(entryNames, folder)) {
    if (inside.length > 0) {
      if (PYTHON_IDENTIFIER.test(name) && name !== '__pycache__' && name !== 'bin' && hasPythonCode(inside))
        names.push(name)
      continue
    }
    const file = PYTHON_MODULE_FILE.exec(name)
    if (file && file[1] !== '__init__') names.push(file[1])
  }
  return names
}

function rubyGems(entryNames: string[], folder: string): string[] {
  const names: string[] = []
  for (const [name, inside] of children(entryNames, `${folder}/gems`)) {
    const gem = /^(.+?)-\d[^-]*(?:-.+)?$/.exec(name)
    if (gem && inside.length > 0) names.push(gem[1])
  }
  return names
}

function rubyLibraries(entryNames: string[], folder: string): string[] {
  return [...children(entryNames, folder).keys()].filter(name => name.endsWith('.rb')).map(name => name.slice(0, -3))
}

function unique(candidates: ModuleCandidate[]): ModuleCandidate[] {
  const seen = new Set<string>()
  return candidates.filter(candidate => !seen.has(candidate.name) && seen.add(candidate.name))
}

/** Folders of other language versions the runtime does not read: python/lib/python3.12/site-packages for python3.11. */
function strayFolders(entryNames: string[], runtime: LambdaRuntime): string[] {
  const pattern =
    runtime.family === 'python'
      ? /^(python\/lib\/python\d+\.\d+\/site-packages)\//
      : runtime.family === 'nodejs'
        ? /^(nodejs\/node\d+\/node_modules)\//
        : runtime.family === 'ruby'
          ? /^(ruby\/gems\/\d+\.\d+\.\d+)\//
          : undefined
  if (!pattern) return []
  const folders = new Set(entryNames.map(name => pattern.exec(name)?.[1]).filter(Boolean) as string[])
  return [...folders].filter(folder => !runtime.layerPaths.includes(folder)).sort()
}

function modulesIn(entryNames: string[], folder: string, runtime: LambdaRuntime): string[] {
  switch (runtime.family) {
    case 'nodejs':
      return nodePackages(entryNames, folder)
    case 'python':
      return pythonModules(
        folder === 'python' ? entryNames.filter(name => !/^python\/lib\/python\d/.test(name)) : entryNames,
        folder
      )
    case 'ruby':
      return folder.startsWith('ruby/gems/') ? rubyGems(entryNames, folder) : rubyLibraries(entryNames, folder)
    default:
      return []
  }
}

/**
 * Every top-level package or module in the folders the runtime loads from, then those in folders
 * of another version of the language (which fail to load, as they would on Lambda).
 */
export function layerModules(entryNames: string[], runtime: LambdaRuntime): ModuleCandidate[] {
  const loaded = runtime.layerPaths.flatMap(folder => modulesIn(entryNames, folder, runtime).map(name => ({ name })))
  const stray = strayFolders(entryNames, runtime).flatMap(folder =>
    modulesIn(entryNames, folder, runtime).map(name => ({ name, strayFolder: folder }))
  )
  return unique([...loaded, ...stray])
}
