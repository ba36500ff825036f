import { Output } from '../model/action-io.js'
import type { RegionResult } from '../publish/publish-region.js'
import type { LayerArchive } from '../package/zip-archive.js'
import type { PublishSnapshot } from '../publish/interruption.js'

function regionsWith(results: RegionResult[], status: RegionResult['status']): string {
  return JSON.stringify(results.filter(result => result.status === status).map(result => result.region))
}

/** What the outputs name besides the archive and the regions' results. */
export interface OutputContext {
  /** The first region of the input: layer-version-arn is its ARN, or empty when it did not succeed. */
  firstRegion?: string
  /** Path of the package-manifest file. */
  packageManifest?: string
}

/** The step's outputs, from the archive and each region's result (published and reused ones count as done). */
export function actionOutputs(
  archive: LayerArchive,
  results: RegionResult[],
  context: OutputContext = {}
): Record<string, string> {
  const published = results.filter(result => result.status !== 'failed')
  const arns = Object.fromEntries(published.map(result => [result.region, result.layerVersionArn]))
  const versions = Object.fromEntries(published.map(result => [result.region, result.version]))
  const first = published.find(result => result.region === context.firstRegion)
  return {
    [Output.LayerVersionArns]: JSON.stringify(arns),
    [Output.LayerVersionArn]: first?.layerVersionArn ?? '',
    [Output.LayerVersions]: JSON.stringify(versions),
    [Output.ArchivePath]: archive.path,
    [Output.CodeSha256]: archive.codeSha256,
    [Output.CodeSize]: String(archive.zipBytes),
    [Output.UnzippedSize]: String(archive.unzippedBytes),
    [Output.PublishedRegions]: regionsWith(results, 'published'),
    [Output.ReusedRegions]: regionsWith(results, 'reused'),
    [Output.FailedRegions]: regionsWith(results, 'failed'),
    [Output.PackageManifest]: context.packageManifest ?? ''
  }
}

/** For a region that failed after its version existed: the version, what is missing, and that a re-run completes it. */
export function incompleteNote(result: RegionResult): string {
  const missing = result.missing?.length ? `; missing: ${result.missing.join(', ')}` : ''
  return `version ${result.layerVersionArn} exists${missing}; a re-run reuses it and completes the rest`
}

/** One line per failed region (naming a version left behind) and per function that could not be updated. */
export function failureLines(results: RegionResult[]): string[] {
  const regions = results
    .filter(result => result.status === 'failed')
    .map(result =>
      result.layerVersionArn
        ? `${result.error} (${incompleteNote(result)})`
        : (result.error ?? `${result.region}: failed`)
    )
  const functions = results.flatMap(result =>
    result.functions
      .filter(update => update.status === 'failed')
      .map(update => update.error ?? `${result.region}: ${update.function} failed`)
  )
  return [...regions, ...functions]
}

/** The step's failure message, or undefined when every region and function succeeded. */
export function failureMessage(results: RegionResult[], regionCount: number): string | undefined {
  const lines = failureLines(results)
  if (lines.length === 0) return undefined
  const failedRegions = results.filter(result => result.status === 'failed').length
  const head =
    failedRegions > 0
      ? `Publishing failed in ${failedRegions} of ${regionCount} region(s)`
      : 'Updating functions failed'
  return `${head}: ${lines.join('; ')}`
}

/** update-functions names that no region has: likely a typo, since they change nothing. */
export function functionsFoundNowhere(results: RegionResult[]): string[] {
  const updates = results.flatMap(result => result.functions)
  const names = [...new Set(updates.map(update => update.function))]
  return names.filter(name =>
    updates.filter(update => update.function === name).every(update => update.status === 'absent')
  )
}

function inFlightRegion(snapshot: PublishSnapshot, region: string): string {
  const version = snapshot.inFlightVersions[region]
  return version ? `${region} (${version.layerVersionArn} exists)` : region
}

/** The step's failure message when the runner cancelled it while publishing. */
export function interruptionMessage(signal: string, snapshot: PublishSnapshot, regionCount: number): string {
  const done = snapshot.done.map(result => `${result.region} ${result.status}`)
  const parts = [
    `${snapshot.done.length} of ${regionCount} region(s) done${done.length > 0 ? ` (${done.join(', ')})` : ''}`,
    ...(snapshot.inFlight.length > 0
      ? [
          `in flight, a version may exist: ${snapshot.inFlight.map(region => inFlightRegion(snapshot, region)).join(', ')}`
        ]
      : []),
    ...(snapshot.notStarted.length > 0 ? [`not started: ${snapshot.notStarted.join(', ')}`] : [])
  ]
  return `Interrupted by ${signal} while publishing: ${parts.join('; ')}. Re-run the step to complete the rest; finished regions are reused.`
}
