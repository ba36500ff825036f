import { Input } from './action-io.js'
import { InputError } from './input-parsing.js'
import type { LambdaRuntime } from './runtimes.js'
import type { BuildPlan } from './plan.js'
import { layoutProblem } from './package/layout-check.js'
import { sizeLimitViolations } from './package/size-limits.js'
import type { LayerArchive } from './package/zip-archive.js'

export class LayerCheckError extends Error {
  override name = 'LayerCheckError'
}

/** Refuses a layer the runtime could not load, or one over Lambda's size limits. */
export function checkArchive(archive: LayerArchive, runtime: LambdaRuntime, plan: BuildPlan): void {
  const layout = layoutProblem(archive.entryNames, runtime)
  if (layout) {
    if (plan.kind === 'archive') throw new InputError(Input.Archive, `${layout}.`)
    if (plan.kind === 'prebuilt') throw new InputError(Input.Source, `${layout} (install is false, so the folder is zipped as it is).`)
    throw new LayerCheckError(`The built layer is not loadable: ${layout}.`)
  }
  const violations = sizeLimitViolations(archive)
  if (violations.length > 0) throw new LayerCheckError(`The layer cannot be published: ${violations.join('; ')}.`)
}
