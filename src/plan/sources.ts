import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { Input } from '../model/action-io.js'
import { planBuild, type BuildPlan, type PlanOptions } from './plan.js'
import { layoutProblem, layoutError } from '../model/layout.js'
import { loadableFolders, type LambdaRuntime } from '../model/runtimes.js'
import { InputError } from '../model/errors.js'
import { nodeWorkspacePlan } from './node-workspace.js'

/** What finding the sources needs: the plan's options and where the source folder is. */
export interface SourceOptions extends PlanOptions {
  /** Folder holding the manifest (or the prebuilt layer root when install is false). */
  source: string
}

async function kindOf(path: string): Promise<'file' | 'directory' | 'missing' | 'other'> {
  try {
    const stats = await stat(path)
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other'
  } catch {
    return 'missing'
  }
}

/**
 * Enough entry names of a prebuilt layer folder to check its layout before packing it: the top
 * level, and the first item of each folder the runtime loads from.
 */
async function layoutSample(sourceDir: string, topLevel: string[], runtime: LambdaRuntime): Promise<string[]> {
  const sample = [...topLevel]
  for (const folder of loadableFolders(runtime)) {
    const inside = await readdir(join(sourceDir, folder)).catch(() => [])
    if (inside.length > 0) sample.push(`${folder}/${inside[0]}`)
  }
  return sample
}

/** Resolves the source or archive paths, checks they exist, and plans the build from what is there. */
export async function planFromSources(inputs: SourceOptions, workingDirectory: string): Promise<BuildPlan> {
  if (inputs.archive) {
    const archivePath = resolve(workingDirectory, inputs.archive)
    if ((await kindOf(archivePath)) !== 'file') {
      throw new InputError(
        Input.Archive,
        `no file at ${archivePath}; expected the path of an existing .zip layer archive.`
      )
    }
    return planBuild({ ...inputs, archive: archivePath }, [], '')
  }
  const sourceDir = resolve(workingDirectory, inputs.source)
  if ((await kindOf(sourceDir)) !== 'directory') {
    throw new InputError(
      Input.Source,
      `no folder at ${sourceDir}; expected the folder holding the manifest (default ".").`
    )
  }
  const topLevel = await readdir(sourceDir)
  const plan = planBuild(inputs, topLevel, sourceDir)
  if (plan.kind === 'install' && plan.install.family === 'nodejs')
    return { ...plan, install: await nodeWorkspacePlan(plan.install, sourceDir) }
  if (plan.kind === 'prebuilt') {
    const layout = layoutProblem(await layoutSample(sourceDir, topLevel, inputs.runtime), inputs.runtime)
    if (layout) throw layoutError(layout, plan)
  }
  return plan
}
