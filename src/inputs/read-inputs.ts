import { type Architecture } from '../model/architecture.js'
import type { NodePathStyle } from '../plan/plan.js'
import { Input } from '../model/action-io.js'
import { parseBoolean } from './input-parsing.js'
import type { CompatibilityMode } from '../checks/compatibility.js'
import { expandTemplate } from './templates.js'
import type { FunctionTarget } from '../publish/update-functions.js'
import { parsePrincipals } from './principals.js'
import { type LambdaRuntime } from '../model/runtimes.js'
import type { PermissionGrant } from '../model/permission-grant.js'
import {
  readArchitectures,
  readCompatibleRuntimes,
  readLayerName,
  readLimitedText,
  readRegions,
  readRuntime,
  MAX_DESCRIPTION,
  MAX_LICENSE_INFO
} from './layer-inputs.js'
import { readBuildImage, readCompatibilityMode, readExclude, readNodePathStyle } from './build-inputs.js'
import {
  readAttach,
  readFunctions,
  readKeepVersions,
  readOnRegionFailure,
  readRetryTimeout,
  readS3Bucket,
  readS3Prefix,
  readSsmParameter
} from './publish-inputs.js'

export interface ActionInputs {
  layerName: string
  runtime: LambdaRuntime
  architectures: Architecture[]
  regions: string[]
  grants: PermissionGrant[]
  /** Directory holding the manifest (or the prebuilt layer root when install is false). */
  source: string
  install: boolean
  /** standard: nodejs/node_modules; versioned: nodejs/nodeNN/node_modules for the runtime's major. */
  nodePathStyle: NodePathStyle
  /** An existing zip to publish as it is. */
  archive?: string
  compatibleRuntimes: string[]
  description?: string
  licenseInfo?: string
  publish: boolean
  /** Glob patterns of paths inside the layer to leave out. */
  exclude: string[]
  /** Pack .env files, credentials, keys and .git anyway. */
  includeSecrets: boolean
  compatibilityCheck: CompatibilityMode
  /** Reuse a region's newest version when it has the same bytes and metadata. */
  skipUnchanged: boolean
  /** fail: a failed region fails the step; warn: it is annotated and the step passes. */
  onRegionFailure: 'fail' | 'warn'
  /** Keep only this many newest versions per region; 0 keeps all. */
  keepVersions: number
  /** SSM parameter name template ({layer}, {arch}, {region}, {runtime}). */
  ssmParameter?: string
  functions: FunctionTarget[]
  attach: boolean
  /** Bucket name template ({region}) for staging the zip in each region. */
  s3Bucket?: string
  s3Prefix: string
  s3Keep: boolean
  /** Image the install step runs in with docker (resolved: "sam" is AWS SAM's build image for the runtime). */
  buildImage?: string
  /** How long each region may spend retrying failed calls, in total, in milliseconds. */
  retryTimeoutMs: number
}

/** Values the s3-bucket and ssm-parameter templates may use. */
export function templateValues(inputs: Pick<ActionInputs, 'layerName' | 'architectures' | 'runtime'>, region: string) {
  return { layer: inputs.layerName, arch: inputs.architectures.join('-'), region, runtime: inputs.runtime.id }
}

export type InputReader = (name: string) => string

/** Reads and validates every input. Throws an InputError naming the first bad input. */
export function readInputs(read: InputReader, env: NodeJS.ProcessEnv): ActionInputs {
  const layerName = readLayerName(read(Input.LayerName).trim())
  const runtime = readRuntime(read(Input.Runtime).trim())
  const archive = read(Input.Archive).trim()
  const architectures = readArchitectures(read(Input.Architectures))
  const regions = readRegions(read(Input.Regions), env)
  const install = parseBoolean(Input.Install, read(Input.Install), true)
  const functions = readFunctions(read(Input.UpdateFunctions), regions)
  return {
    layerName,
    runtime,
    architectures,
    regions,
    grants: parsePrincipals(read(Input.Principal)),
    source: read(Input.Source).trim() || '.',
    install,
    nodePathStyle: readNodePathStyle(read(Input.NodePathStyle), { runtime, install, archive }),
    archive: archive === '' ? undefined : archive,
    compatibleRuntimes: readCompatibleRuntimes(read(Input.CompatibleRuntimes), runtime),
    description: readLimitedText(Input.Description, read(Input.Description).trim(), MAX_DESCRIPTION),
    licenseInfo: readLimitedText(Input.LicenseInfo, read(Input.LicenseInfo).trim(), MAX_LICENSE_INFO),
    publish: parseBoolean(Input.Publish, read(Input.Publish), true),
    exclude: readExclude(read(Input.Exclude), archive),
    includeSecrets: parseBoolean(Input.IncludeSecrets, read(Input.IncludeSecrets), false),
    compatibilityCheck: readCompatibilityMode(read(Input.CompatibilityCheck)),
    skipUnchanged: parseBoolean(Input.SkipUnchanged, read(Input.SkipUnchanged), true),
    onRegionFailure: readOnRegionFailure(read(Input.OnRegionFailure)),
    keepVersions: readKeepVersions(read(Input.KeepVersions)),
    ssmParameter: readSsmParameter(read(Input.SsmParameter), template =>
      expandTemplate(template, templateValues({ layerName, architectures, runtime }, regions[0]))
    ),
    functions,
    attach: readAttach(read(Input.Attach), functions),
    s3Bucket: readS3Bucket(read(Input.S3Bucket), regions),
    s3Prefix: readS3Prefix(read(Input.S3Prefix)),
    s3Keep: parseBoolean(Input.S3Keep, read(Input.S3Keep), false),
    buildImage: readBuildImage(read(Input.BuildImage), { runtime, architectures, archive, install }),
    retryTimeoutMs: readRetryTimeout(read(Input.RetryTimeout))
  }
}
