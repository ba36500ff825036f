import { Input } from './action-io.js'
import { InputError, parseBoolean, parseGlobList, parseList, quote } from './input-parsing.js'
import type { CompatibilityMode } from './checks/compatibility.js'
import { parsePrincipals, type PermissionGrant } from './principals.js'
import { findRuntime, RUNTIME_IDS, type LambdaRuntime } from './runtimes.js'

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
}

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
    throw new InputError(Input.Runtime, `${quote(value)} is not a known Lambda runtime; expected one of ${runtimeList()}.`)
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

/** Reads and validates every input. Throws an InputError naming the first bad input. */
export function readInputs(read: InputReader, env: NodeJS.ProcessEnv): ActionInputs {
  const layerName = readLayerName(read(Input.LayerName).trim())
  const runtime = readRuntime(read(Input.Runtime).trim())
  const archive = read(Input.Archive).trim()
  return {
    layerName,
    runtime,
    architectures: readArchitectures(read(Input.Architectures)),
    regions: readRegions(read(Input.Regions), env),
    grants: parsePrincipals(read(Input.Principal)),
    source: read(Input.Source).trim() || '.',
    install: parseBoolean(Input.Install, read(Input.Install), true),
    archive: archive === '' ? undefined : archive,
    compatibleRuntimes: readCompatibleRuntimes(read(Input.CompatibleRuntimes), runtime),
    description: readLimitedText(Input.Description, read(Input.Description).trim(), MAX_DESCRIPTION),
    licenseInfo: readLimitedText(Input.LicenseInfo, read(Input.LicenseInfo).trim(), MAX_LICENSE_INFO),
    publish: parseBoolean(Input.Publish, read(Input.Publish), true),
    exclude: readExclude(read(Input.Exclude), archive),
    includeSecrets: parseBoolean(Input.IncludeSecrets, read(Input.IncludeSecrets), false),
    compatibilityCheck: readCompatibilityMode(read(Input.CompatibilityCheck)),
    skipUnchanged: parseBoolean(Input.SkipUnchanged, read(Input.SkipUnchanged), true),
    onRegionFailure: readOnRegionFailure(read(Input.OnRegionFailure))
  }
}
