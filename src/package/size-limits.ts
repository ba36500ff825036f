/** Lambda's size limits for a layer, checked before anything is published. */

export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024

export interface ArchiveSizes {
  zipBytes: number
  unzippedBytes: number
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** The reasons a layer of these sizes cannot be published, empty when it can. */
export function sizeLimitViolations(sizes: ArchiveSizes): string[] {
  const violations: string[] = []
  if (sizes.unzippedBytes > MAX_UNZIPPED_BYTES) {
    violations.push(
      `the layer unzips to ${formatBytes(sizes.unzippedBytes)}, over Lambda's 250 MiB limit for a function and its layers`
    )
  }
  if (sizes.zipBytes > MAX_DIRECT_UPLOAD_BYTES) {
    violations.push(
      `the zip is ${formatBytes(sizes.zipBytes)}, over the 50 MiB direct-upload limit, and publishing through S3 is not supported yet`
    )
  }
  return violations
}
