/** Names of the action's inputs and outputs, as declared in action.yml. */

export const Input = {
  LayerName: 'layer-name',
  Runtime: 'runtime',
  Architectures: 'architectures',
  Regions: 'regions',
  Principal: 'principal',
  Source: 'source',
  Install: 'install',
  NodePathStyle: 'node-path-style',
  Archive: 'archive',
  CompatibleRuntimes: 'compatible-runtimes',
  Description: 'description',
  LicenseInfo: 'license-info',
  Publish: 'publish',
  Exclude: 'exclude',
  IncludeSecrets: 'include-secrets',
  CompatibilityCheck: 'compatibility-check',
  SkipUnchanged: 'skip-unchanged',
  OnRegionFailure: 'on-region-failure',
  KeepVersions: 'keep-versions',
  SsmParameter: 'ssm-parameter',
  UpdateFunctions: 'update-functions',
  Attach: 'attach',
  S3Bucket: 's3-bucket',
  S3Prefix: 's3-prefix',
  S3Keep: 's3-keep',
  BuildImage: 'build-image',
  Verify: 'verify',
  VerifyImage: 'verify-image',
  PythonExtras: 'python-extras',
  RetryTimeout: 'retry-timeout'
} as const

export const Output = {
  LayerVersionArns: 'layer-version-arns',
  LayerVersionArn: 'layer-version-arn',
  LayerVersions: 'layer-versions',
  ArchivePath: 'archive-path',
  CodeSha256: 'code-sha256',
  CodeSize: 'code-size',
  UnzippedSize: 'unzipped-size',
  PublishedRegions: 'published-regions',
  ReusedRegions: 'reused-regions',
  FailedRegions: 'failed-regions',
  Verified: 'verified',
  PackageManifest: 'package-manifest'
} as const
