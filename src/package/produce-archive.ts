import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import type { RunnerOptions } from '../install/choose-runner.js'
import type { BuildPlan } from '../plan/plan.js'
import { installDependencies } from '../install/install-dependencies.js'
import { chooseRunner } from '../install/choose-runner.js'
import type { Workspace } from '../install/workspace.js'
import { timedGroup } from '../model/timed-group.js'
import { readLayerTree, type SkippedPath } from './layer-tree.js'
import { markExecutables } from './executable-paths.js'
import { filterLayerEntries, type FilteredEntry } from './layer-filter.js'
import { formatBytes, unzippedSizeProblem } from './size-limits.js'
import { ArchiveError, openZip, readLayerZip, writeLayerZip, type LayerArchive } from './zip-archive.js'
import { treeFileSources, zipFileSources, type LayerFileSource } from './file-sources.js'
import { findNativeFiles } from './find-native-files.js'
import { readSecretHeads } from './read-secret-heads.js'
import { secretReason } from './secret-files.js'
import { LayerCheckError } from '../model/errors.js'
import { looksNative, type NativeFile } from './native-binary.js'
import type { LayerEntry } from './layer-entries.js'
import { DeflatePool } from './zip-deflate-pool.js'
import { DEFLATE_OPTIONS } from './zip-entry-data.js'

/** What packing needs to know of the inputs (and, for an install, where it runs). */
export interface PackOptions extends RunnerOptions {
  layerName: string
  runtime: LambdaRuntime
  architectures: Architecture[]
  /** Glob patterns of paths inside the layer to leave out. */
  exclude: string[]
  /** Pack .env files, credentials, keys and .git anyway. */
  includeSecrets: boolean
}

export interface ProducedArchive {
  archive: LayerArchive
  /** Links that leave the layer, not packed. */
  skipped: SkippedPath[]
  /** Entries left out by the exclude patterns. */
  excluded: FilteredEntry[]
  excludedBytes: number
  /** Secret files left out (or, with include-secrets, none). */
  secrets: FilteredEntry[]
  nativeFiles: NativeFile[]
}

function entryCount(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`
}

async function packFolder(layerRoot: string, zipPath: string, inputs: PackOptions): Promise<ProducedArchive> {
  // The deflate workers start while the tree is walked.
  const pool = new DeflatePool(DEFLATE_OPTIONS)
  try {
    return await timedGroup('Package layer', () => packTree(layerRoot, zipPath, inputs, pool))
  } finally {
    await pool.close()
  }
}

async function packTree(
  layerRoot: string,
  zipPath: string,
  inputs: PackOptions,
  pool: DeflatePool
): Promise<ProducedArchive> {
  const tree = await readLayerTree(layerRoot)
  const entries = markExecutables(tree.entries)
  const heads = await readSecretHeads(treeFileSources(entries))
  const filtered = filterLayerEntries(entries, {
    exclude: inputs.exclude,
    includeSecrets: inputs.includeSecrets,
    heads
  })
  for (const skipped of tree.skipped) core.warning(`Not packed: ${skipped.path}: ${skipped.reason}`)
  for (const secret of filtered.secrets)
    core.warning(`Not packed: ${secret.path}: ${secret.reason} (set include-secrets: true to pack it)`)
  if (inputs.exclude.length > 0) {
    core.info(
      `exclude left out ${entryCount(filtered.excluded.length)}, saving ${formatBytes(filtered.excludedBytes)} unzipped`
    )
  }
  const oversize = unzippedSizeProblem(filtered.kept.filter(entry => entry.type !== 'directory'))
  if (oversize) throw new LayerCheckError(`Not published: ${oversize}.`)
  // Each file is read once, by the zip writer; only those whose first bytes look native are read again.
  const nativeLooking: LayerEntry[] = []
  const onHead = (entry: LayerEntry, head: Buffer) => looksNative(head) && nativeLooking.push(entry)
  const archive = await writeLayerZip(filtered.kept, zipPath, { pool, onHead })
  core.info(
    `${archive.entryNames.length} entries, ${formatBytes(archive.zipBytes)} zipped, ${formatBytes(archive.unzippedBytes)} unzipped`
  )
  const nativeFiles = await findNativeFiles(treeFileSources(nativeLooking))
  return {
    archive,
    skipped: tree.skipped,
    excluded: filtered.excluded,
    excludedBytes: filtered.excludedBytes,
    secrets: filtered.secrets,
    nativeFiles
  }
}

async function secretsInArchive(files: LayerFileSource[]): Promise<FilteredEntry[]> {
  const heads = await readSecretHeads(files)
  const secrets: FilteredEntry[] = []
  for (const file of files) {
    const reason = secretReason(file.path, 'file', heads.get(file.path))
    if (reason) secrets.push({ path: file.path, bytes: file.size, reason })
  }
  return secrets
}

async function inspectArchive(archivePath: string, inputs: PackOptions): Promise<ProducedArchive> {
  return timedGroup('Inspect archive', async () => {
    const archive = await readLayerZip(archivePath)
    const files = zipFileSources(openZip(archivePath, await readFile(archivePath)))
    if (!inputs.includeSecrets) {
      const secrets = await secretsInArchive(files)
      if (secrets.length > 0) {
        const list = secrets.map(secret => `${secret.path} (${secret.reason})`).join(', ')
        throw new ArchiveError(`${archivePath} holds secret files: ${list}`, 'remove them or set include-secrets: true')
      }
    }
    core.info(
      `${archive.entryNames.length} entries, ${formatBytes(archive.zipBytes)} zipped, ${formatBytes(archive.unzippedBytes)} unzipped`
    )
    return {
      archive,
      skipped: [],
      excluded: [],
      excludedBytes: 0,
      secrets: [],
      nativeFiles: await findNativeFiles(files)
    }
  })
}

/** Produces the layer zip the plan asks for: the user's archive, a zipped folder, or a fresh install. */
export async function produceArchive(
  plan: BuildPlan,
  inputs: PackOptions,
  workspace: Workspace
): Promise<ProducedArchive> {
  const zipPath = join(workspace.root, `${inputs.layerName}.zip`)
  switch (plan.kind) {
    case 'archive':
      return inspectArchive(plan.archivePath, inputs)
    case 'prebuilt':
      return packFolder(plan.sourceDir, zipPath, inputs)
    case 'install': {
      const runner = await chooseRunner(inputs, plan.sourceDir, workspace.root, process.env)
      await timedGroup(`Install ${plan.install.family} dependencies`, () =>
        installDependencies(plan.install, {
          sourceDir: plan.sourceDir,
          layerDir: workspace.layerDir,
          stagingDir: workspace.stagingDir,
          runtime: inputs.runtime,
          architectures: inputs.architectures,
          runner
        })
      )
      return packFolder(workspace.layerDir, zipPath, inputs)
    }
  }
}
