import { createLimiter, mapBounded } from './run-bounded.js'
import { publishToRegion, type LayerPublication, type PublishOptions, type RegionResult } from './publish-region.js'

/** Regions published at once. Each region has its own control-plane rate limit. */
export const REGION_CONCURRENCY = 16

/**
 * Direct (ZipFile) uploads in flight at once. The zip is held once, but each request serializes
 * it to base64 JSON, so this bounds memory to a few copies whatever the number of regions.
 */
export const DIRECT_UPLOADS_IN_FLIGHT = 3

/** Told when a region starts and when it is done, e.g. to report progress when the step is cancelled. */
export interface RegionProgress {
  started(region: string): void
  finished(result: RegionResult): void
}

/** Publishes to every region concurrently; one region's failure never stops the others. */
export async function publishToAllRegions(
  regions: string[],
  publication: LayerPublication,
  options: PublishOptions,
  progress?: RegionProgress
): Promise<RegionResult[]> {
  const limitUploads = options.limitUploads ?? createLimiter(DIRECT_UPLOADS_IN_FLIGHT)
  return mapBounded(regions, REGION_CONCURRENCY, async region => {
    progress?.started(region)
    const result = await publishToRegion(region, publication, { ...options, limitUploads })
    progress?.finished(result)
    return result
  })
}
