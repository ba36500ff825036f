import { InputError, LayerCheckError } from './errors.js'
import { Input } from './action-io.js'
import type { BuildPlan } from '../plan/plan.js'
import { loadableFiles, loadableFolders, type LambdaRuntime } from './runtimes.js'

function isUnder(name: string, folder: string): boolean {
  return name.startsWith(`${folder}/`) && name.length > folder.length + 1
}

function topLevelFolders(names: string[]): string[] {
  const folders = new Set(names.map(name => name.split('/')[0]).filter(first => first !== ''))
  return [...folders].sort()
}

/**
 * Why a layer with these entries would give the runtime nothing to load, or undefined when at
 * least one entry sits in a folder the runtime reads from /opt (its own, bin/ or lib/) or is a
 * file it runs (a custom runtime's bootstrap).
 */
export function layoutProblem(entryNames: string[], runtime: LambdaRuntime): string | undefined {
  const folders = loadableFolders(runtime)
  const files = loadableFiles(runtime)
  const loaded = entryNames.some(name => files.includes(name) || folders.some(folder => isUnder(name, folder)))
  if (loaded) return undefined
  const expected = [...folders.map(folder => `/opt/${folder}`), ...files.map(file => `/opt/${file}`)].join(' or ')
  const found = topLevelFolders(entryNames)
  const foundText = found.length === 0 ? 'the layer is empty' : `its top level holds ${found.slice(0, 10).join(', ')}`
  return `nothing in the layer is where ${runtime.id} loads from (${expected}); ${foundText}`
}

/** The error for a layer the runtime would find nothing in, naming the input to fix when there is one. */
export function layoutError(layout: string, plan: BuildPlan): Error {
  if (plan.kind === 'archive') return new InputError(Input.Archive, `${layout}.`)
  if (plan.kind === 'prebuilt')
    return new InputError(Input.Source, `${layout} (install is false, so the folder is zipped as it is).`)
  return new LayerCheckError(`The built layer is not loadable: ${layout}.`)
}
