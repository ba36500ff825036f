import { Input } from '../model/action-io.js'
import { parseBoolean, parseList } from './input-parsing.js'
import { expandTemplate, unknownPlaceholders, usesPlaceholder } from './templates.js'
import type { FunctionTarget } from '../publish/update-functions.js'
import { InputError, quote } from '../model/errors.js'
import { partitionOfRegion } from '../model/partition.js'
import { bucketNameError } from '../model/s3-bucket-name.js'
import type { RegionsInput } from './layer-inputs.js'

export function readOnRegionFailure(value: string): 'fail' | 'warn' {
  const mode = value.trim() || 'fail'
  if (mode !== 'fail' && mode !== 'warn') {
    throw new InputError(Input.OnRegionFailure, `${quote(mode)} is not a choice; expected fail or warn.`)
  }
  return mode
}

export function readKeepVersions(value: string): number {
  const trimmed = value.trim() || '0'
  if (!/^\d+$/.test(trimmed)) {
    throw new InputError(
      Input.KeepVersions,
      `${quote(trimmed)} is not a whole number; expected 0 (keep every version) or how many newest versions to keep.`
    )
  }
  return Number(trimmed)
}

const SSM_NAME = /^[a-zA-Z0-9_.\-/]{1,1011}$/
/** SSM refuses names that start with aws or ssm, in any case, with or without the leading slash. */
const SSM_RESERVED = /^\/?(aws|ssm)/i
const SSM_MAX_LEVELS = 15

function ssmNameProblem(name: string): string | undefined {
  if (SSM_RESERVED.test(name))
    return `${quote(name)} is not a parameter name; expected letters, digits, _ . - and / outside the reserved /aws and /ssm prefixes: SSM keeps names starting with aws or ssm (any case) for itself; e.g. /layers/{layer}/{arch}/latest.`
  if (!SSM_NAME.test(name) || (name.includes('/') && !name.startsWith('/')))
    return `${quote(name)} is not a parameter name; expected letters, digits, _ . - and /, starting with / when hierarchical, e.g. /layers/{layer}/{arch}/latest.`
  const levels = name.split('/').filter(Boolean).length
  if (levels > SSM_MAX_LEVELS)
    return `${quote(name)} has ${levels} levels, deeper than the ${SSM_MAX_LEVELS} SSM allows; expected at most ${SSM_MAX_LEVELS} /-separated parts, e.g. /layers/{layer}/{arch}/latest.`
  return undefined
}

export function readSsmParameter(value: string, sample: (template: string) => string): string | undefined {
  const template = value.trim()
  if (template === '') return undefined
  const unknown = unknownPlaceholders(template, ['layer', 'arch', 'region', 'runtime'])
  if (unknown.length > 0) {
    throw new InputError(
      Input.SsmParameter,
      `{${unknown[0]}} is not a placeholder; expected {layer}, {arch}, {region} or {runtime}.`
    )
  }
  const problem = ssmNameProblem(sample(template))
  if (problem) throw new InputError(Input.SsmParameter, problem)
  return template
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/
const FUNCTION_ARN = /^arn:(aws[a-zA-Z-]*):lambda:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:function:([a-zA-Z0-9_-]{1,64})$/

const FUNCTION_FORMS =
  'expected names (letters, digits, - and _) or unqualified ARNs arn:aws:lambda:<region>:<account>:function:<name>'

/** Checks a function named by ARN: its region is published to, in the partition of that region. */
function readFunction(item: string, regions: RegionsInput): FunctionTarget {
  if (FUNCTION_NAME.test(item)) return { name: item }
  const arn = FUNCTION_ARN.exec(item)
  if (!arn) throw new InputError(Input.UpdateFunctions, `${quote(item)} is not a function; ${FUNCTION_FORMS}.`)
  const [, partition, region] = arn
  if (partition !== partitionOfRegion(region)) {
    throw new InputError(
      Input.UpdateFunctions,
      `${quote(item)} names partition ${partition}, but ${region} is in ${partitionOfRegion(region)}; expected arn:${partitionOfRegion(region)}:lambda:${region}:<account>:function:<name>.`
    )
  }
  if (!regions.all && !regions.regions.includes(region)) {
    throw new InputError(
      Input.UpdateFunctions,
      `${quote(item)} is in ${region}, which is not among the regions (${regions.regions.join(', ')}); expected functions in the regions published to, or plain names.`
    )
  }
  return { name: item, region }
}

/** The function's name, without the ARN around it. */
function functionName(target: FunctionTarget): string {
  return target.name.split(':').at(-1) as string
}

export function readFunctions(value: string, regions: RegionsInput): FunctionTarget[] {
  const targets = parseList(value).map(item => readFunction(item, regions))
  const seen = new Set<string>()
  for (const target of targets) {
    for (const region of target.region ? [target.region] : regions.regions) {
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

export function readAttach(value: string, functions: FunctionTarget[]): boolean {
  const attach = parseBoolean(Input.Attach, value, false)
  if (attach && functions.length === 0) {
    throw new InputError(
      Input.Attach,
      'true has no function to attach to; expected update-functions to name the functions, or attach: false.'
    )
  }
  return attach
}

/** Stands for {region} when checking a bucket name before the regions are known (regions: all). */
const SAMPLE_REGION = 'us-east-1'

export function readS3Bucket(value: string, regions: RegionsInput): string | undefined {
  const template = value.trim()
  if (template === '') return undefined
  const unknown = unknownPlaceholders(template, ['region'])
  if (unknown.length > 0)
    throw new InputError(Input.S3Bucket, `{${unknown[0]}} is not a placeholder; expected {region}.`)
  if ((regions.all || regions.regions.length > 1) && !usesPlaceholder(template, 'region')) {
    const count = regions.all ? 'every enabled region (regions: all)' : `${regions.regions.length} regions`
    throw new InputError(
      Input.S3Bucket,
      `${quote(template)} names one bucket for ${count}, but Lambda reads only from a bucket in its own region; use {region}, e.g. layers-{region}-123456789012.`
    )
  }
  const samples = regions.regions.length > 0 ? regions.regions : [SAMPLE_REGION]
  for (const region of samples) {
    const error = bucketNameError(expandTemplate(template, { region }))
    if (error) throw error
  }
  return template
}

/** s3-prefix and s3-keep only mean something with s3-bucket. */
export function requireS3Bucket(input: string, given: boolean, bucket: string | undefined): void {
  if (given && bucket === undefined) {
    throw new InputError(
      input,
      `applies to the zip staged in S3, but s3-bucket is empty; set s3-bucket (e.g. layers-{region}-123456789012) or remove ${input}.`
    )
  }
}

export function readS3Prefix(value: string): string {
  const prefix = value.trim()
  if (prefix === '' || prefix.endsWith('/')) return prefix
  return `${prefix}/`
}

/** Longest retry-timeout: a GitHub-hosted job's 6-hour limit. */
const MAX_RETRY_TIMEOUT_SECONDS = 6 * 60 * 60

/** retry-timeout in milliseconds: whole seconds ("300", "90s") or minutes ("5m"); 5 minutes when empty. */
export function readRetryTimeout(value: string): number {
  const text = value.trim() || '5m'
  const match = /^(\d+)\s*(s|m)?$/.exec(text)
  const seconds = match ? Number(match[1]) * (match[2] === 'm' ? 60 : 1) : NaN
  if (!(seconds <= MAX_RETRY_TIMEOUT_SECONDS)) {
    throw new InputError(
      Input.RetryTimeout,
      `${quote(text)} is not a duration; expected whole seconds (300), seconds or minutes with a unit (90s, 5m), at most 6 hours, or 0 for no retries.`
    )
  }
  return seconds * 1000
}
