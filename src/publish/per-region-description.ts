import { createLimiter, mapBounded } from '../model/run-bounded.js'
import { directUploadsInFlight, publishToAllRegions, REGION_CONCURRENCY, type RegionProgress } from './publish-all.js'
import type { LayerPublication, PublishOptions, RegionResult } from './publish-region.js'

/**
 * Publishes to every region, each with its own description (a description template using
 * {region} differs between regions). When every region has the same text this is
 * publishToAllRegions; otherwise each region is published on its own, with the same bound on
 * regions at once and the same shared budget of direct uploads in flight.
 */
export async function publishWithDescriptions(
  regions: string[],
  publication: Omit<LayerPublication, 'description'>,
  descriptionFor: (region: string) => string | undefined,
  options: PublishOptions,
  progress?: RegionProgress
): Promise<RegionResult[]> {
  const descriptions = new Set(regions.map(descriptionFor))
  if (descriptions.size <= 1)
    return publishToAllRegions(regions, { ...publication, description: descriptionFor(regions[0]) }, options, progress)
  const zipBytes = publication.content.kind === 'zip' ? publication.content.bytes.length : 0
  const limitUploads = options.limitUploads ?? createLimiter(directUploadsInFlight(zipBytes))
  const results = await mapBounded(regions, REGION_CONCURRENCY, region =>
    publishToAllRegions(
      [region],
      { ...publication, description: descriptionFor(region) },
      { ...options, limitUploads },
      progress
    )
  )
  return results.flat()
}
