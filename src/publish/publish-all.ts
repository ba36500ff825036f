import { createLimiter, mapBounded } from '../model/run-bounded.js'
import { publishToRegion } from './publish-region.js'
import type { KnownVersion, LayerPublication, PublishOptions, RegionResult } from './publish-types.js'

/** Regions published at once. Each region has its own control-plane rate limit. */
export const REGION_CONCURRENCY = 16

/**
 * Zip bytes that direct (ZipFile) uploads may have in flight at once. The zip is held once, but
 * each request serializes it to base64 JSON, so a budget in bytes bounds memory whatever the
 * number of regions, while small layers still go to every region at the same time.
 */
export const DIRECT_UPLOAD_BUDGET_BYTES = 96 * 1024 * 1024

/** How many direct uploads of a zip of this size may be in flight at once: at least one. */
export function directUploadsInFlight(zipBytes: number): number {
  return Math.max(1, Math.min(REGION_CONCURRENCY, Math.floor(DIRECT_UPLOAD_BUDGET_BYTES / Math.max(1, zipBytes))))
}

/** Told when a region starts and when it is done, e.g. to report progress when the step is cancelled. */
export interface RegionProgress {
  started(region: string): void
  /** The region's version exists (follow-ups may still be running). */
  versionKnown?(region: string, version: KnownVersion): void
  finished(result: RegionResult): void
}

/** Publishes to every region concurrently; one region's failure never stops the others. */
export async function publishToAllRegions(
  regions: string[],
  publication: LayerPublication,
  options: PublishOptions,
  progress?: RegionProgress
): Promise<RegionResult[]> {
  const zipBytes = publication.content.kind === 'zip' ? publication.content.bytes.length : 0
  const limitUploads = options.limitUploads ?? createLimiter(directUploadsInFlight(zipBytes))
  return mapBounded(regions, REGION_CONCURRENCY, async region => {
    progress?.started(region)
    const result = await publishToRegion(region, publication, { ...options, limitUploads }, version =>
      progress?.versionKnown?.(region, version)
    )
    progress?.finished(result)
    return result
  })
}
