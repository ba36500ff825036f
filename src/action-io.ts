/** Names of the action's inputs and outputs, as declared in action.yml. */

export const Input = {
  LayerName: 'layer-name',
  Runtime: 'runtime',
  Architectures: 'architectures',
  Regions: 'regions',
  Principal: 'principal',
  Source: 'source',
  Install: 'install',
  Archive: 'archive',
  CompatibleRuntimes: 'compatible-runtimes',
  Description: 'description',
  LicenseInfo: 'license-info',
  Publish: 'publish'
} as const

export const Output = {
  LayerVersionArns: 'layer-version-arns',
  LayerVersionArn: 'layer-version-arn',
  LayerVersions: 'layer-versions',
  ArchivePath: 'archive-path',
  CodeSha256: 'code-sha256',
  CodeSize: 'code-size',
  UnzippedSize: 'unzipped-size'
} as const
