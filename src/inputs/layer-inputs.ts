import { ARCHITECTURES, type Architecture } from '../model/architecture.js'
import { Input } from '../model/action-io.js'
import { parseList } from './input-parsing.js'
import { findRuntime, RUNTIME_IDS, unsupportedRuntimeReason, type LambdaRuntime } from '../model/runtimes.js'
import { InputError, quote } from '../model/errors.js'
import { partitionOfRegions } from '../model/partition.js'

const LAYER_NAME = /^[a-zA-Z0-9_-]{1,140}$/
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/
const ALL_REGIONS = 'all'
const MAX_COMPATIBLE_RUNTIMES = 15
export const MAX_DESCRIPTION = 256
export const MAX_LICENSE_INFO = 512

export function readLayerName(value: string): string {
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

export function readRuntime(value: string): LambdaRuntime {
  const runtime = findRuntime(value)
  if (!runtime) {
    throw new InputError(Input.Runtime, unsupportedRuntimeReason(value))
  }
  return runtime
}

export function readArchitectures(value: string): Architecture[] {
  const items = parseList(value)
  if (items.length === 0) return ['x86_64']
  for (const item of items) {
    if (!ARCHITECTURES.includes(item as Architecture)) {
      throw new InputError(
        Input.Architectures,
        `${quote(item)} is not an architecture; expected x86_64, arm64 or both.`
      )
    }
  }
  return items as Architecture[]
}

/** The regions to publish to: a list, or every region enabled for the account (`all`, resolved before the build). */
export interface RegionsInput {
  regions: string[]
  all: boolean
}

export function readRegions(value: string, env: NodeJS.ProcessEnv, publish: boolean): RegionsInput {
  let regions = parseList(value)
  if (regions.includes(ALL_REGIONS)) {
    if (regions.length > 1) {
      throw new InputError(
        Input.Regions,
        `all stands for every region enabled for the account and takes no other region; expected all alone, or a list like "eu-west-1, us-east-1".`
      )
    }
    return { regions: [], all: true }
  }
  if (regions.length === 0) {
    const fallback = env.AWS_REGION || env.AWS_DEFAULT_REGION || ''
    regions = parseList(fallback)
  }
  if (regions.length === 0 && publish) {
    throw new InputError(
      Input.Regions,
      'no region given; set the input (e.g. "eu-west-1, us-east-1") or the AWS_REGION / AWS_DEFAULT_REGION variable, or regions: all for every region enabled for the account.'
    )
  }
  for (const region of regions) {
    if (!REGION.test(region)) {
      throw new InputError(
        Input.Regions,
        `${quote(region)} is not a region code; expected codes like eu-west-1 or us-gov-west-1, or all.`
      )
    }
  }
  const { byPartition } = partitionOfRegions(regions)
  if (byPartition.size > 1) {
    const groups = [...byPartition].map(([partition, members]) => `${members.join(', ')} (${partition})`).join('; ')
    throw new InputError(
      Input.Regions,
      `the regions span partitions, which one set of credentials cannot reach: ${groups}; expected regions of one partition, one job per partition.`
    )
  }
  return { regions, all: false }
}

export function readCompatibleRuntimes(value: string, runtime: LambdaRuntime): string[] {
  const items = parseList(value)
  if (items.length === 0) return [runtime.id]
  if (items.length > MAX_COMPATIBLE_RUNTIMES) {
    throw new InputError(
      Input.CompatibleRuntimes,
      `${items.length} runtimes given; Lambda accepts at most ${MAX_COMPATIBLE_RUNTIMES}.`
    )
  }
  for (const item of items) {
    if (!findRuntime(item)) {
      throw new InputError(
        Input.CompatibleRuntimes,
        `${quote(item)} is not a known Lambda runtime; expected ids from ${runtimeList()}.`
      )
    }
  }
  return items
}

export function readLimitedText(input: string, value: string, maxLength: number): string | undefined {
  if (value === '') return undefined
  if (value.length > maxLength) {
    throw new InputError(input, `${value.length} characters given; Lambda accepts at most ${maxLength}.`)
  }
  return value
}
