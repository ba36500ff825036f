import { readdir, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Input } from './action-io.js'
import type { ActionInputs } from './inputs.js'
import { InputError } from './input-parsing.js'
import { planBuild, type BuildPlan } from './plan.js'

async function kindOf(path: string): Promise<'file' | 'directory' | 'missing' | 'other'> {
  try {
    const stats = await stat(path)
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other'
  } catch {
    return 'missing'
  }
}

/** Resolves the source or archive paths, checks they exist, and plans the build from what is there. */
export async function planFromSources(inputs: ActionInputs, workingDirectory: string): Promise<BuildPlan> {
  if (inputs.archive) {
    const archivePath = resolve(workingDirectory, inputs.archive)
    if ((await kindOf(archivePath)) !== 'file') {
      throw new InputError(Input.Archive, `no file at ${archivePath}; expected the path of an existing .zip layer archive.`)
    }
    return planBuild({ ...inputs, archive: archivePath }, [], '')
  }
  const sourceDir = resolve(workingDirectory, inputs.source)
  if ((await kindOf(sourceDir)) !== 'directory') {
    throw new InputError(Input.Source, `no folder at ${sourceDir}; expected the folder holding the manifest (default ".").`)
  }
  return planBuild(inputs, await readdir(sourceDir), sourceDir)
}
