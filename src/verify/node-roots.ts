/**
 * The packages of a prebuilt Node.js layer that nothing else in it depends on: what the layer
 * exists to provide. A hoisted node_modules lists every transitive dependency at its top level,
 * and some of those are never meant to be required on their own (async-hook-jl aborts Node when
 * it is, yet loads fine under cls-hooked); loading the roots loads them the way the layer's
 * users do.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ModuleCandidate } from './layer-modules.js'

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const

async function dependencyNames(manifestPath: string): Promise<string[]> {
  try {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>
    return DEPENDENCY_FIELDS.flatMap(field => Object.keys((manifest[field] as object | null) ?? {}))
  } catch {
    return []
  }
}

/** The candidates no package in the layer's node_modules folders depends on; all of them when every one is depended on. */
export async function nodeRoots(
  candidates: ModuleCandidate[],
  layerRoot: string,
  folders: string[]
): Promise<ModuleCandidate[]> {
  const lists = await Promise.all(
    folders.flatMap(folder =>
      candidates.map(candidate => dependencyNames(join(layerRoot, folder, candidate.name, 'package.json')))
    )
  )
  const dependedOn = new Set(lists.flat())
  const roots = candidates.filter(candidate => !dependedOn.has(candidate.name))
  return roots.length > 0 ? roots : candidates
}
