import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import type AdmZip from 'adm-zip'
import { dirname, join } from 'node:path'
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
import { filterLayerEntries, type FilteredEntry, type FilteredLayer } from './layer-filter.js'
import type { LayerEntry } from './layer-entries.js'
import { formatBytes, unzippedSizeProblem } from './size-limits.js'
import { ArchiveError, openZip, readLayerZip, writeLayerZip, type LayerArchive } from './zip-archive.js'
import { treeFileSources, zipFileSources, type LayerFileSource } from './file-sources.js'
import { findNativeFiles } from './find-native-files.js'
import { readSecretHeads } from './read-secret-heads.js'
import { needsContentCheck, secretReason } from './secret-files.js'
import { InputError, LayerCheckError, quote } from '../model/errors.js'
import { Input } from '../model/action-io.js'
import {
  ArchiveRuleError,
  archiveEntries,
  describeModeChanges,
  modeChanges,
  type ArchiveEntry
} from './archive-entries.js'
import { extractArchive } from './extract-archive.js'
import { looksNative, type NativeFile } from './native-binary.js'
import { DeflatePool } from './zip-deflate-pool.js'
import { DEFLATE_OPTIONS } from './zip-entry-data.js'
import { PIECE_BYTES } from './zip-pieces.js'
import { isMetadataFile, LayerPackages } from './layer-packages.js'
import type { LayerPackage } from './package-manifest.js'
import { packagesInZip } from './read-package-manifest.js'

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
  /** The packages the layer holds, from their metadata files (see layer-packages.ts). */
  packages: LayerPackage[]
}

function entryCount(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`
}

/** An exclude that leaves no file of a layer that had some: the layer would be empty. */
function excludedEverything(entries: LayerEntry[], filtered: FilteredLayer, exclude: string[]): InputError | undefined {
  const isFile = (entry: { type: LayerEntry['type'] }) => entry.type !== 'directory'
  if (exclude.length === 0 || filtered.kept.some(isFile) || !entries.some(isFile)) return undefined
  if (filtered.excluded.length === 0) return undefined
  return new InputError(
    Input.Exclude,
    `${exclude.map(pattern => quote(pattern)).join(', ')} left out every file of the layer (${entryCount(filtered.excluded.length)}), so nothing would be published; expected patterns that match only what to leave out, e.g. **/*.md or **/tests/**.`
  )
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
  // Files small enough to deflate whole are read ahead on the workers as the walk finds them;
  // not with exclude patterns, which could make most of that work wasted.
  const readAhead = (entry: LayerEntry) =>
    entry.size <= PIECE_BYTES && pool.readAhead(entry.absolutePath as string, entry.size, isMetadataFile(entry))
  const tree = await readLayerTree(layerRoot, inputs.exclude.length === 0 ? readAhead : undefined)
  const entries = markExecutables(tree.entries)
  // Only the few files whose names need a content check are read here (heads of .npmrc, *.pem...).
  const heads = await readSecretHeads(treeFileSources(entries.filter(entry => needsContentCheck(entry.path))))
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
  const nothingLeft = excludedEverything(entries, filtered, inputs.exclude)
  if (nothingLeft) throw nothingLeft
  const oversize = unzippedSizeProblem(filtered.kept.filter(entry => entry.type !== 'directory'))
  if (oversize) throw new LayerCheckError(`Not published: ${oversize}.`)
  // Each file is read once, by the zip writer; only those whose first bytes look native are read again.
  const nativeLooking: LayerEntry[] = []
  const onHead = (entry: LayerEntry, head: Buffer) => looksNative(head) && nativeLooking.push(entry)
  const packages = new LayerPackages()
  const archive = await writeLayerZip(filtered.kept, zipPath, {
    pool,
    onHead,
    keepContent: isMetadataFile,
    onContent: (entry, content) => packages.add(entry, content)
  })
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
    nativeFiles,
    packages: await packages.list(filtered.kept)
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

/** The archive's entries, checked against the layer rules (names, links); refused naming the archive. */
function checkedEntries(archivePath: string, zip: AdmZip): ArchiveEntry[] {
  try {
    return archiveEntries(zip)
  } catch (error) {
    if (!(error instanceof ArchiveRuleError)) throw error
    throw new ArchiveError(`${archivePath} ${error.message}`, error.accepted)
  }
}

/**
 * Checks an existing archive by the same rules as a folder. One whose modes already are the
 * layer's is published byte for byte; otherwise it is unpacked and packed again like a folder.
 */
async function inspectArchive(archivePath: string, zipPath: string, inputs: PackOptions): Promise<ProducedArchive> {
  const inspected = await timedGroup('Inspect archive', async () => {
    const bytes = await readFile(archivePath)
    const zip = openZip(archivePath, bytes)
    const entries = checkedEntries(archivePath, zip)
    const files = zipFileSources(zip)
    if (!inputs.includeSecrets) {
      const secrets = await secretsInArchive(files)
      if (secrets.length > 0) {
        const list = secrets.map(secret => `${secret.path} (${secret.reason})`).join(', ')
        throw new ArchiveError(`${archivePath} holds secret files: ${list}`, 'remove them or set include-secrets: true')
      }
    }
    const changes = modeChanges(entries)
    if (changes.length > 0) {
      core.notice(`archive: ${describeModeChanges(changes)}; re-packed with the layer's modes as ${zipPath}`)
      return { repack: await extractArchive(entries, join(dirname(zipPath), 'archive-layer')) }
    }
    const archive = await readLayerZip(archivePath)
    core.info(
      `${archive.entryNames.length} entries, ${formatBytes(archive.zipBytes)} zipped, ${formatBytes(archive.unzippedBytes)} unzipped`
    )
    const nativeFiles = await findNativeFiles(files)
    const packages = packagesInZip(zip)
    return { produced: { archive, skipped: [], excluded: [], excludedBytes: 0, secrets: [], nativeFiles, packages } }
  })
  return inspected.produced ?? packFolder(inspected.repack as string, zipPath, { ...inputs, exclude: [] })
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
      return inspectArchive(plan.archivePath, zipPath, inputs)
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
