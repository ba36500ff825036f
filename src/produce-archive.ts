import * as core from '@actions/core'
import { join } from 'node:path'
import type { ActionInputs } from './inputs.js'
import type { BuildPlan } from './plan.js'
import { installDependencies } from './build/install-dependencies.js'
import type { Workspace } from './build/workspace.js'
import { timedGroup } from './logging.js'
import { readLayerTree, type SkippedPath } from './package/layer-tree.js'
import { readLayerZip, writeLayerZip, type LayerArchive } from './package/zip-archive.js'

export interface ProducedArchive {
  archive: LayerArchive
  skipped: SkippedPath[]
}

async function zipFolder(layerRoot: string, zipPath: string): Promise<ProducedArchive> {
  return timedGroup('Package layer', async () => {
    const tree = await readLayerTree(layerRoot)
    for (const skipped of tree.skipped) core.warning(`Not packed: ${skipped.path}: ${skipped.reason}`)
    const archive = await writeLayerZip(tree.entries, zipPath)
    core.info(`${archive.entryNames.length} entries, ${archive.zipBytes} bytes zipped, ${archive.unzippedBytes} bytes unzipped`)
    return { archive, skipped: tree.skipped }
  })
}

/** Produces the layer zip the plan asks for: the user's archive, a zipped folder, or a fresh install. */
export async function produceArchive(plan: BuildPlan, inputs: ActionInputs, workspace: Workspace): Promise<ProducedArchive> {
  const zipPath = join(workspace.root, `${inputs.layerName}.zip`)
  switch (plan.kind) {
    case 'archive':
      return { archive: await readLayerZip(plan.archivePath), skipped: [] }
    case 'prebuilt':
      return zipFolder(plan.sourceDir, zipPath)
    case 'install':
      await timedGroup(`Install ${plan.install.family} dependencies`, () =>
        installDependencies(plan.install, {
          sourceDir: plan.sourceDir,
          layerDir: workspace.layerDir,
          stagingDir: workspace.stagingDir,
          runtime: inputs.runtime,
          architectures: inputs.architectures
        })
      )
      return zipFolder(workspace.layerDir, zipPath)
  }
}
