import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A fresh folder per run under RUNNER_TEMP: the layer tree, the installer's scratch, the zip. */
export interface Workspace {
  root: string
  layerDir: string
  stagingDir: string
}

export async function createWorkspace(env: NodeJS.ProcessEnv): Promise<Workspace> {
  const base = env.RUNNER_TEMP || tmpdir()
  await mkdir(base, { recursive: true })
  const root = await mkdtemp(join(base, 'lambda-layer-'))
  const layerDir = join(root, 'layer')
  const stagingDir = join(root, 'staging')
  await mkdir(layerDir)
  await mkdir(stagingDir)
  return { root, layerDir, stagingDir }
}
