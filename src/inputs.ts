import { Input } from './action-io.js'
import { InputError, parseBoolean, parseGlobList, parseList, quote } from './input-parsing.js'
import type { CompatibilityMode } from './checks/compatibility.js'
import { expandTemplate, unknownPlaceholders, usesPlaceholder } from './templates.js'
import type { FunctionTarget } from './publish/update-functions.js'
import { parsePrincipals, type PermissionGrant } from './principals.js'
import { findRuntime, RUNTIME_IDS, unsupportedRuntimeReason, type LambdaRuntime } from './runtimes.js'
import { isImageReference, resolveBuildImage, SAM_BUILD_IMAGE } from './build/build-image.js'

export type Architecture = 'x86_64' | 'arm64'
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64']

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
}

/** Values the s3-bucket and ssm-parameter templates may use. */
export function templateValues(inputs: Pick<ActionInputs, 'layerName' | 'architectures' | 'runtime'>, region: string) {
  return { layer: inputs.layerName, arch: inputs.architectures.join('-'), region, runtime: inputs.runtime.id }
}

export type NodePathStyle = 'standard' | 'versioned'

export type InputReader = (name: string) => string

const LAYER_NAME = /^[a-zA-Z0-9_-]{1,140}$/
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
const MAX_COMPATIBLE_RUNTIMES = 15
const MAX_DESCRIPTION = 256
const MAX_LICENSE_INFO = 512

function readLayerName(value: string): string {
  if (!LAYER_NAME.test(value)) {
    throw new InputError(
      Input.LayerName,
      `${quote(value)} is not a valid layer name; expected 1-140 letters, digits, hyphens or underscores.`
    )
  }
  return value
}

function runtimeList(): string {
  return RUNTIME_IDS.join(', ')
}

function readRuntime(value: string): LambdaRuntime {
  const runtime = findRuntime(value)
  if (!runtime) {
    throw new InputError(Input.Runtime, unsupportedRuntimeReason(value))
  }
  return runtime
}

function readArchitectures(value: string): Architecture[] {
  const items = parseList(value)
  if (items.length === 0) return ['x86_64']
  for (const item of items) {
    if (!ARCHITECTURES.includes(item as Architecture)) {
      throw new InputError(Input.Architectures, `${quote(item)} is not an architecture; expected x86_64, arm64 or both.`)
    }
  }
  return items as Architecture[]
}

function readRegions(value: string, env: NodeJS.ProcessEnv): string[] {
  let regions = parseList(value)
  if (regions.length === 0) {
    const fallback = env.AWS_REGION || env.AWS_DEFAULT_REGION || ''
    regions = parseList(fallback)
  }
  if (regions.length === 0) {
    throw new InputError(
      Input.Regions,
      'no region given; set the input (e.g. "eu-west-1, us-east-1") or the AWS_REGION / AWS_DEFAULT_REGION variable.'
    )
  }
  for (const region of regions) {
    if (!REGION.test(region)) {
      throw new InputError(Input.Regions, `${quote(region)} is not a region code; expected codes like eu-west-1 or us-gov-west-1.`)
    }
  }
  return regions
}

function readCompatibleRuntimes(value: string, runtime: LambdaRuntime): string[] {
  const items = parseList(value)
  if (items.length === 0) return [runtime.id]
  if (items.length > MAX_COMPATIBLE_RUNTIMES) {
    throw new InputError(Input.CompatibleRuntimes, `${items.length} runtimes given; Lambda accepts at most ${MAX_COMPATIBLE_RUNTIMES}.`)
  }
  for (const item of items) {
    if (!findRuntime(item)) {
      throw new InputError(Input.CompatibleRuntimes, `${quote(item)} is not a known Lambda runtime; expected ids from ${runtimeList()}.`)
    }
  }
  return items
}

function readLimitedText(input: string, value: string, maxLength: number): string | undefined {
  if (value === '') return undefined
  if (value.length > maxLength) {
    throw new InputError(input, `${value.length} characters given; Lambda accepts at most ${maxLength}.`)
  }
  return value
}

function readNodePathStyle(value: string, build: { runtime: LambdaRuntime; install: boolean; archive: string }): NodePathStyle {
  const style = value.trim() || 'standard'
  if (style !== 'standard' && style !== 'versioned') {
    throw new InputError(Input.NodePathStyle, `${quote(style)} is not a path style; expected standard (nodejs/node_modules) or versioned (nodejs/nodeNN/node_modules).`)
  }
  if (style === 'versioned' && (build.runtime.family !== 'nodejs' || !build.install || build.archive !== '')) {
    const why = build.runtime.family !== 'nodejs' ? `${build.runtime.id} is not a Node.js runtime` : 'nothing is installed (install: false or archive)'
    throw new InputError(Input.NodePathStyle, `versioned decides where the action installs Node.js dependencies, but ${why}; expected standard (the default) here.`)
  }
  return style
}

const COMPATIBILITY_MODES: CompatibilityMode[] = ['error', 'warn', 'off']

function readCompatibilityMode(value: string): CompatibilityMode {
  const mode = value.trim() || 'error'
  if (!COMPATIBILITY_MODES.includes(mode as CompatibilityMode)) {
    throw new InputError(Input.CompatibilityCheck, `${quote(mode)} is not a mode; expected error, warn or off.`)
  }
  return mode as CompatibilityMode
}

function readOnRegionFailure(value: string): 'fail' | 'warn' {
  const mode = value.trim() || 'fail'
  if (mode !== 'fail' && mode !== 'warn') {
    throw new InputError(Input.OnRegionFailure, `${quote(mode)} is not a choice; expected fail or warn.`)
  }
  return mode
}

function readKeepVersions(value: string): number {
  const trimmed = value.trim() || '0'
  if (!/^\d+$/.test(trimmed)) {
    throw new InputError(Input.KeepVersions, `${quote(trimmed)} is not a whole number; expected 0 (keep every version) or how many newest versions to keep.`)
  }
  return Number(trimmed)
}

const SSM_NAME = /^[a-zA-Z0-9_.\-/]{1,1011}$/

function readSsmParameter(value: string, sample: (template: string) => string): string | undefined {
  const template = value.trim()
  if (template === '') return undefined
  const unknown = unknownPlaceholders(template, ['layer', 'arch', 'region', 'runtime'])
  if (unknown.length > 0) {
    throw new InputError(Input.SsmParameter, `{${unknown[0]}} is not a placeholder; expected {layer}, {arch}, {region} or {runtime}.`)
  }
  const name = sample(template)
  if (!SSM_NAME.test(name) || (name.includes('/') && !name.startsWith('/')) || /^\/?(aws|ssm)/i.test(name)) {
    throw new InputError(Input.SsmParameter, `${quote(name)} is not a parameter name; expected letters, digits, _ . - and /, starting with / when hierarchical, e.g. /layers/{layer}/{arch}/latest.`)
  }
  return template
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/
const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:function:([a-zA-Z0-9_-]{1,64})$/

const FUNCTION_FORMS = 'expected names (letters, digits, - and _) or unqualified ARNs arn:aws:lambda:<region>:<account>:function:<name>'

function readFunction(item: string, regions: string[]): FunctionTarget {
  if (FUNCTION_NAME.test(item)) return { name: item }
  const arn = FUNCTION_ARN.exec(item)
  if (arn && !regions.includes(arn[1])) {
    throw new InputError(
      Input.UpdateFunctions,
      `${quote(item)} is in ${arn[1]}, which is not among the regions (${regions.join(', ')}); expected functions in the regions published to, or plain names.`
    )
  }
  if (arn) return { name: item, region: arn[1] }
  throw new InputError(Input.UpdateFunctions, `${quote(item)} is not a function; ${FUNCTION_FORMS}.`)
}

/** The function's name, without the ARN around it. */
function functionName(target: FunctionTarget): string {
  return target.name.split(':').at(-1) as string
}

function readFunctions(value: string, regions: string[]): FunctionTarget[] {
  const targets = parseList(value).map(item => readFunction(item, regions))
  const seen = new Set<string>()
  for (const target of targets) {
    for (const region of target.region ? [target.region] : regions) {
      const key = `${region}/${functionName(target)}`
      if (seen.has(key)) {
        throw new InputError(
          Input.UpdateFunctions,
          `${quote(functionName(target))} is named twice for ${region}; expected each function once (a name stands for it in every region, an ARN in its own).`
        )
      }
      seen.add(key)
    }
  }
  return targets
}

function readAttach(value: string, functions: FunctionTarget[]): boolean {
  const attach = parseBoolean(Input.Attach, value, false)
  if (attach && functions.length === 0) {
    throw new InputError(Input.Attach, 'true has no function to attach to; expected update-functions to name the functions, or attach: false.')
  }
  return attach
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

function readS3Bucket(value: string, regions: string[]): string | undefined {
  const template = value.trim()
  if (template === '') return undefined
  const unknown = unknownPlaceholders(template, ['region'])
  if (unknown.length > 0) throw new InputError(Input.S3Bucket, `{${unknown[0]}} is not a placeholder; expected {region}.`)
  if (regions.length > 1 && !usesPlaceholder(template, 'region')) {
    throw new InputError(
      Input.S3Bucket,
      `${quote(template)} names one bucket for ${regions.length} regions, but Lambda reads only from a bucket in its own region; use {region}, e.g. layers-{region}-123456789012.`
    )
  }
  for (const region of regions) {
    const bucket = expandTemplate(template, { region })
    if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
      throw new InputError(Input.S3Bucket, `${quote(bucket)} is not a bucket name; expected 3-63 lowercase letters, digits, dots or hyphens.`)
    }
  }
  return template
}

function readS3Prefix(value: string): string {
  const prefix = value.trim()
  if (prefix === '' || prefix.endsWith('/')) return prefix
  return `${prefix}/`
}

function readExclude(value: string, archive: string): string[] {
  const patterns = parseGlobList(value)
  if (patterns.length > 0 && archive !== '') {
    throw new InputError(Input.Exclude, 'cannot change an existing archive; leave it empty when archive is set, or build from source.')
  }
  for (const pattern of patterns) {
    if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
      throw new InputError(Input.Exclude, `${quote(pattern)} is not a pattern inside the layer; expected relative globs like **/*.md or **/tests/**.`)
    }
  }
  return patterns
}

function readBuildImage(value: string, inputs: { runtime: LambdaRuntime; architectures: Architecture[]; archive: string; install: boolean }): string | undefined {
  const image = value.trim()
  if (image === '') return undefined
  if (image !== SAM_BUILD_IMAGE && !isImageReference(image)) {
    throw new InputError(
      Input.BuildImage,
      `${quote(image)} is not an image; expected sam (AWS SAM's build image for the runtime) or an image reference like public.ecr.aws/sam/build-python3.12:latest-arm64.`
    )
  }
  if (inputs.archive !== '' || !inputs.install) {
    throw new InputError(Input.BuildImage, 'only the install step runs in the image, and nothing is installed when archive is set or install is false; remove build-image.')
  }
  if (inputs.architectures.length > 1) {
    throw new InputError(
      Input.BuildImage,
      `an image runs one architecture, but architectures is ${inputs.architectures.join(', ')}; use a matrix with one architecture per job.`
    )
  }
  return resolveBuildImage(image, inputs.runtime, inputs.architectures[0])
}

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
    buildImage: readBuildImage(read(Input.BuildImage), { runtime, architectures, archive, install })
  }
}
