import { mapBounded } from './run-bounded.js'
import { publishToRegion, type LayerPublication, type PublishOptions, type RegionResult } from './publish-region.js'

/** Regions published at once. Each region has its own control-plane rate limit. */
export const REGION_CONCURRENCY = 16

/** Publishes to every region concurrently; one region's failure never stops the others. */
export async function publishToAllRegions(
  regions: string[],
  publication: LayerPublication,
  options: PublishOptions
): Promise<RegionResult[]> {
  return mapBounded(regions, REGION_CONCURRENCY, region => publishToRegion(region, publication, options))
}
