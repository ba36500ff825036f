/** Which modules auto loads: the direct dependencies of an install, else everything the layer offers. */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LambdaRuntime } from '../model/runtimes.js'
import type { BuildPlan } from '../plan/plan.js'
import { directGems, packageJsonDependencies, requestedPythonModules } from './direct-dependencies.js'
import { layerModules, type ModuleCandidate } from './layer-modules.js'
import { nodeRoots } from './node-roots.js'

export interface ModuleChoice {
  modules: ModuleCandidate[]
  /** How the set was chosen, for the log. */
  basis: string
}

function named(names: string[]): ModuleCandidate[] {
  return names.map(name => ({ name }))
}

/** The automatic set of modules for the plan, read from the extracted layer and the source manifest. */
export async function chooseModules(
  plan: BuildPlan,
  entryNames: string[],
  layerRoot: string,
  runtime: LambdaRuntime
): Promise<ModuleChoice> {
  const everything = { modules: layerModules(entryNames, runtime), basis: 'every top-level module in the layer' }
  if (plan.kind !== 'install') {
    if (runtime.family !== 'nodejs') return everything
    const roots = await nodeRoots(everything.modules, layerRoot, runtime.layerPaths)
    return { modules: roots, basis: 'every package in the layer that no other package in it depends on' }
  }
  const install = plan.install
  switch (install.family) {
    case 'nodejs': {
      const manifest = await readFile(join(plan.sourceDir, 'package.json'), 'utf8')
      return { modules: named(packageJsonDependencies(manifest)), basis: 'the dependencies of package.json' }
    }
    case 'python': {
      const requested = await requestedPythonModules(layerRoot, runtime)
      if (requested === undefined)
        return { ...everything, basis: `${everything.basis} (no installed distribution is marked REQUESTED)` }
      return { modules: named(requested), basis: `the import names of the requirements of ${install.manifest}` }
    }
    case 'ruby': {
      const installed = layerModules(entryNames, runtime).map(candidate => candidate.name)
      const gems = await directGems(plan.sourceDir, install.gemfile, installed)
      return { modules: named(gems), basis: `the direct dependencies of ${install.gemfile}` }
    }
    default:
      return { modules: [], basis: 'nothing to load' }
  }
}
