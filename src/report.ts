import { Output } from './action-io.js'
import type { RegionResult } from './publish/publish-region.js'
import type { LayerArchive } from './package/zip-archive.js'

function regionsWith(results: RegionResult[], status: RegionResult['status']): string {
  return JSON.stringify(results.filter(result => result.status === status).map(result => result.region))
}

/** The step's outputs, from the archive and each region's result (published and reused ones count as done). */
export function actionOutputs(archive: LayerArchive, results: RegionResult[]): Record<string, string> {
  const published = results.filter(result => result.status !== 'failed')
  const arns = Object.fromEntries(published.map(result => [result.region, result.layerVersionArn]))
  const versions = Object.fromEntries(published.map(result => [result.region, result.version]))
  return {
    [Output.LayerVersionArns]: JSON.stringify(arns),
    [Output.LayerVersionArn]: published[0]?.layerVersionArn ?? '',
    [Output.LayerVersions]: JSON.stringify(versions),
    [Output.ArchivePath]: archive.path,
    [Output.CodeSha256]: archive.codeSha256,
    [Output.CodeSize]: String(archive.zipBytes),
    [Output.UnzippedSize]: String(archive.unzippedBytes),
    [Output.PublishedRegions]: regionsWith(results, 'published'),
    [Output.ReusedRegions]: regionsWith(results, 'reused'),
    [Output.FailedRegions]: regionsWith(results, 'failed')
  }
}

/** One line per failed region, and for half-published ones the version left behind. */
export function failureLines(results: RegionResult[]): string[] {
  return results
    .filter(result => result.status === 'failed')
    .map(result =>
      result.layerVersionArn
        ? `${result.error} (version ${result.layerVersionArn} was created and is left in place)`
        : (result.error ?? `${result.region}: failed`)
    )
}
