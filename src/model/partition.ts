/**
 * AWS partitions: which one a region belongs to, and which one an ARN names. The region patterns
 * are those of the SDK's partitions table (partitions.json); a region that matches none is in aws.
 */

const PARTITION_REGIONS: Array<[partition: string, pattern: RegExp]> = [
  ['aws-cn', /^cn-\w+-\d+$/],
  ['aws-us-gov', /^us-gov-\w+-\d+$/],
  ['aws-iso', /^us-iso-\w+-\d+$/],
  ['aws-iso-b', /^us-isob-\w+-\d+$/],
  ['aws-iso-e', /^eu-isoe-\w+-\d+$/],
  ['aws-iso-f', /^us-isof-\w+-\d+$/],
  ['aws-eusc', /^eusc-de-\w+-\d+$/]
]

export function partitionOfRegion(region: string): string {
  return PARTITION_REGIONS.find(([, pattern]) => pattern.test(region))?.[0] ?? 'aws'
}

/** The partition field of an ARN (arn:<partition>:...), undefined when the text is not an ARN. */
export function partitionOfArn(arn: string): string | undefined {
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1]
}

/** The one partition of these regions, or the regions of each partition when they span several. */
export function partitionOfRegions(regions: string[]): { partition?: string; byPartition: Map<string, string[]> } {
  const byPartition = new Map<string, string[]>()
  for (const region of regions) {
    const partition = partitionOfRegion(region)
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), region])
  }
  return { partition: byPartition.size === 1 ? [...byPartition.keys()][0] : undefined, byPartition }
}
