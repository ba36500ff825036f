/** The ARN partition of a region: aws-cn for China, aws-us-gov for GovCloud, aws otherwise. */
export const partitionOf = region =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws'
