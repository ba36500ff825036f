import { type Architecture } from '../model/architecture.js'
import type { NodePathStyle } from '../plan/plan.js'
import { Input } from '../model/action-io.js'
import { parseBoolean } from './input-parsing.js'
import type { CompatibilityMode } from '../checks/compatibility.js'
import { expandTemplate } from './templates.js'
import type { FunctionTarget } from '../publish/update-functions.js'
import { readGrants } from './principals.js'
import { readDescription } from './description.js'
import type { WorkflowRun } from '../model/workflow-run.js'
import { type LambdaRuntime } from '../model/runtimes.js'
import type { PermissionGrant } from '../model/permission-grant.js'
import {
  readArchitectures,
  readCompatibleRuntimes,
  readLayerName,
  readLimitedText,
  readRegions,
  readRuntime,
  MAX_LICENSE_INFO
} from './layer-inputs.js'
import {
  readBuildImage,
  readCompatibilityMode,
  readExclude,
  readNodePathStyle,
  readPythonExtras
} from './build-inputs.js'
import {
  readAttach,
  readFunctions,
  readKeepVersions,
  readOnRegionFailure,
  readRetryTimeout,
  readS3Bucket,
  readS3Prefix,
  readSsmParameter,
  requireS3Bucket
} from './publish-inputs.js'
import { readVerify, readVerifyImage } from './verify-inputs.js'
import type { VerifySelection } from '../verify/verify-result.js'

export interface ActionInputs {
  layerName: string
  runtime: LambdaRuntime
  architectures: Architecture[]
  /** The regions to publish to; empty until resolved when allRegions is set (or when publish is false). */
  regions: string[]
  /** regions: all: every region enabled for the account, resolved from the credentials before the build. */
  allRegions: boolean
  grants: PermissionGrant[]
  /** Directory holding the manifest (or the prebuilt layer root when install is false). */
  source: string
  install: boolean
  /** standard: nodejs/node_modules; versioned: nodejs/nodeNN/node_modules for the runtime's major. */
  nodePathStyle: NodePathStyle
  /** [project.optional-dependencies] groups installed with a pyproject.toml. */
  pythonExtras: string[]
  /** An existing zip to publish as it is. */
  archive?: string
  compatibleRuntimes: string[]
  /** Description template: {layer}, {arch}, {region}, {runtime} and the workflow run's {sha}, {ref}, … */
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
  /** Which modules the verify stage loads before publishing. */
  verify: VerifySelection
  /** Image the verify stage loads modules in with docker. */
  verifyImage?: string
  /** How long each region may spend retrying failed calls, in total, in milliseconds. */
  retryTimeoutMs: number
}

/** Values the s3-bucket and ssm-parameter templates may use. */
export function templateValues(inputs: Pick<ActionInputs, 'layerName' | 'architectures' | 'runtime'>, region: string) {
  return { layer: inputs.layerName, arch: inputs.architectures.join('-'), region, runtime: inputs.runtime.id }
}

/** Stands for {region} in a sample ssm-parameter name when no region is known yet. */
const SAMPLE_REGION = 'us-east-1'

export type InputReader = (name: string) => string

/** A run outside GitHub Actions: no commit, repository or run to name. */
const NO_WORKFLOW_RUN: WorkflowRun = { serverUrl: 'https://github.com' }

/** Reads and validates every input. Throws an InputError naming the first bad input. */
export function readInputs(read: InputReader, env: NodeJS.ProcessEnv, run = NO_WORKFLOW_RUN): ActionInputs {
  const layerName = readLayerName(read(Input.LayerName).trim())
  const runtime = readRuntime(read(Input.Runtime).trim())
  const archive = read(Input.Archive).trim()
  const architectures = readArchitectures(read(Input.Architectures))
  const publish = parseBoolean(Input.Publish, read(Input.Publish), true)
  const regions = readRegions(read(Input.Regions), env, publish)
  const install = parseBoolean(Input.Install, read(Input.Install), true)
  const functions = readFunctions(read(Input.UpdateFunctions), regions)
  const verify = readVerify(read(Input.Verify))
  const s3Bucket = readS3Bucket(read(Input.S3Bucket), regions)
  requireS3Bucket(Input.S3Prefix, read(Input.S3Prefix).trim() !== '', s3Bucket)
  requireS3Bucket(Input.S3Keep, parseBoolean(Input.S3Keep, read(Input.S3Keep), false), s3Bucket)
  return {
    layerName,
    runtime,
    architectures,
    regions: regions.regions,
    allRegions: regions.all,
    grants: readGrants(read(Input.Principal), regions.regions),
    source: read(Input.Source).trim() || '.',
    install,
    nodePathStyle: readNodePathStyle(read(Input.NodePathStyle), { runtime, install, archive }),
    pythonExtras: readPythonExtras(read(Input.PythonExtras), { runtime, install, archive }),
    archive: archive === '' ? undefined : archive,
    compatibleRuntimes: readCompatibleRuntimes(read(Input.CompatibleRuntimes), runtime),
    description: readDescription(
      read(Input.Description),
      regions.regions,
      region => templateValues({ layerName, architectures, runtime }, region),
      run
    ),
    licenseInfo: readLimitedText(Input.LicenseInfo, read(Input.LicenseInfo).trim(), MAX_LICENSE_INFO),
    publish,
    exclude: readExclude(read(Input.Exclude), archive),
    includeSecrets: parseBoolean(Input.IncludeSecrets, read(Input.IncludeSecrets), false),
    compatibilityCheck: readCompatibilityMode(read(Input.CompatibilityCheck)),
    skipUnchanged: parseBoolean(Input.SkipUnchanged, read(Input.SkipUnchanged), true),
    onRegionFailure: readOnRegionFailure(read(Input.OnRegionFailure)),
    keepVersions: readKeepVersions(read(Input.KeepVersions)),
    ssmParameter: readSsmParameter(read(Input.SsmParameter), template =>
      expandTemplate(
        template,
        templateValues({ layerName, architectures, runtime }, regions.regions[0] ?? SAMPLE_REGION)
      )
    ),
    functions,
    attach: readAttach(read(Input.Attach), functions),
    s3Bucket,
    s3Prefix: readS3Prefix(read(Input.S3Prefix)),
    s3Keep: parseBoolean(Input.S3Keep, read(Input.S3Keep), false),
    buildImage: readBuildImage(read(Input.BuildImage), { runtime, architectures, archive, install }),
    verify,
    verifyImage: readVerifyImage(read(Input.VerifyImage), verify),
    retryTimeoutMs: readRetryTimeout(read(Input.RetryTimeout))
  }
}
