import { largestPackages } from './package-sizes.js'

/** Lambda's size limits for a layer, checked before anything is published. */

export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024

export interface ArchiveSizes {
  zipBytes: number
  files: Array<{ path: string; size: number }>
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** Why a layer of these files is too big to unzip into /opt, naming its largest packages; undefined when it fits. */
export function unzippedSizeProblem(files: Array<{ path: string; size: number }>): string | undefined {
  const unzippedBytes = files.reduce((total, file) => total + file.size, 0)
  if (unzippedBytes <= MAX_UNZIPPED_BYTES) return undefined
  const largest = largestPackages(files)
    .map(entry => `${entry.name} ${formatBytes(entry.bytes)}`)
    .join(', ')
  return `the layer unzips to ${formatBytes(unzippedBytes)}, over Lambda's 250 MiB limit for a function and its layers (largest: ${largest})`
}

/** The reasons a layer of these sizes cannot be published, empty when it can. */
export function sizeLimitViolations(sizes: ArchiveSizes, stagedThroughS3: boolean): string[] {
  const violations: string[] = []
  const unzipped = unzippedSizeProblem(sizes.files)
  if (unzipped) violations.push(unzipped)
  const direct = directUploadProblem(sizes.zipBytes)
  if (direct && !stagedThroughS3) violations.push(direct)
  return violations
}

/** Why a zip this size cannot be uploaded directly (ZipFile), undefined when it can. */
export function directUploadProblem(zipBytes: number): string | undefined {
  if (zipBytes <= MAX_DIRECT_UPLOAD_BYTES) return undefined
  return `the zip is ${formatBytes(zipBytes)}, over the 50 MiB direct-upload limit; set s3-bucket (e.g. layers-{region}-<account>) to publish it through S3`
}
