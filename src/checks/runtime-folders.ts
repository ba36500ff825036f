/**
 * Which of the layer's runtimes its folders serve: a python/lib/pythonX.Y/site-packages folder is
 * loaded by pythonX.Y alone, so a layer whose packages sit under another Python's folder gives the
 * runtime nothing, and compatible-runtimes the layout cannot serve are named.
 */
import { findRuntime, loadableFiles, loadableFolders, type LambdaRuntime } from '../model/runtimes.js'

const SITE_PACKAGES = /^python\/lib\/python(\d+\.\d+)\//

/** True when the runtime loads at least one of the files (folder entries alone give it nothing). */
export function servesRuntime(entryNames: string[], runtime: LambdaRuntime): boolean {
  const folders = loadableFolders(runtime)
  return entryNames.some(name => {
    if (name.endsWith('/')) return false
    const version = SITE_PACKAGES.exec(name)?.[1]
    if (version !== undefined) return runtime.family === 'python' && version === runtime.languageVersion
    return (
      loadableFiles(runtime).includes(name) ||
      folders.some(folder => name.startsWith(`${folder}/`) && name.length > folder.length + 1)
    )
  })
}

/** Why the layer holds packages of a Python that neither runtime nor compatible-runtimes names, or undefined. */
export function otherPythonProblem(
  entryNames: string[],
  runtime: LambdaRuntime,
  compatible: string[]
): string | undefined {
  if (runtime.family !== 'python') return undefined
  const declared = new Set([runtime.id, ...compatible])
  const foreign = [...new Set(entryNames.map(name => SITE_PACKAGES.exec(name)?.[1]))].filter(
    (version): version is string => version !== undefined && !declared.has(`python${version}`)
  )
  if (foreign.length === 0) return undefined
  const folders = foreign.map(version => `python/lib/python${version}/site-packages`).join(' and ')
  const runtimes = foreign.map(version => `python${version}`).join(' or ')
  return `the layer's packages under ${folders} load only on ${runtimes}, but runtime is ${runtime.id}, which loads python/lib/python${runtime.languageVersion}/site-packages; build the layer for ${runtime.id}, or set runtime to ${runtimes}`
}

/** One warning per compatible runtime that would find nothing in the layer. */
export function unservedRuntimeWarnings(entryNames: string[], runtime: LambdaRuntime, compatible: string[]): string[] {
  return compatible
    .map(id => findRuntime(id))
    .filter((other): other is LambdaRuntime => other !== undefined && other.id !== runtime.id)
    .filter(other => !servesRuntime(entryNames, other))
    .map(
      other =>
        `compatible-runtimes lists ${other.id}, but nothing in the layer is where ${other.id} loads from (${loadableFolders(
          other
        )
          .map(folder => `/opt/${folder}`)
          .join(', ')}); a function on ${other.id} would not find these packages.`
    )
}
