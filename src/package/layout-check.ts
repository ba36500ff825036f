import type { LambdaRuntime } from '../runtimes.js'

function isUnder(name: string, folder: string): boolean {
  return name.startsWith(`${folder}/`) && name.length > folder.length + 1
}

function topLevelFolders(names: string[]): string[] {
  const folders = new Set(names.map(name => name.split('/')[0]).filter(first => first !== ''))
  return [...folders].sort()
}

/**
 * Why a layer with these entries would give the runtime nothing to load, or undefined when at
 * least one entry sits in a folder the runtime reads from /opt.
 */
export function layoutProblem(entryNames: string[], runtime: LambdaRuntime): string | undefined {
  const loaded = entryNames.some(name => runtime.layerPaths.some(folder => isUnder(name, folder)))
  if (loaded) return undefined
  const expected = runtime.layerPaths.map(folder => `/opt/${folder}`).join(' or ')
  const found = topLevelFolders(entryNames)
  const foundText = found.length === 0 ? 'the layer is empty' : `its top level holds ${found.slice(0, 10).join(', ')}`
  return `nothing in the layer is where ${runtime.id} loads from (${expected}); ${foundText}`
}
