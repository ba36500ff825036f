// Loopback Lambda function configuration (2015-03-31): GetFunctionConfiguration and
// UpdateFunctionConfiguration of functions seeded by tests, with their layers and update status.
import { randomUUID } from 'node:crypto'
import {
  LambdaError,
  conflict,
  invalidParameter,
  lengthViolation,
  optionalString,
  optionalStringList,
  patternViolation,
  throwIfViolations
} from './lambda-errors.js'
import { lambdaTimestamp } from './lambda-layers.js'
import { partitionOf } from './partition.js'

const MAX_LAYERS = 5
const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?'
const LAYER_VERSION_ARN_PATTERN =
  '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)'
const FUNCTION_REFERENCE =
  /^(?:arn:[a-zA-Z-]+:lambda:([a-z0-9-]+):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/
const LAYER_VERSION_ARN = /^arn:[a-zA-Z0-9-]+:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+):(\d+)$/
const UPDATE_FIELDS = [
  'Layers',
  'Description',
  'Handler',
  'RevisionId',
  'Timeout',
  'MemorySize',
  'Role',
  'Runtime',
  'Environment'
]

const functionArnOf = (region, accountId, name) =>
  `arn:${partitionOf(region)}:lambda:${region}:${accountId}:function:${name}`
const functionNotFound = arn =>
  new LambdaError(404, 'ResourceNotFoundException', `Function not found: ${arn}`, { messageKey: 'Message' })

/** Functions per region and name. */
export function createFunctionStore(accountId) {
  /** @type {Map<string, Map<string, any>>} */
  const regions = new Map()
  return {
    accountId,
    add(region, seed) {
      if (!regions.has(region)) regions.set(region, new Map())
      const record = {
        name: seed.name,
        arn: functionArnOf(region, accountId, seed.name),
        runtime: seed.runtime ?? 'nodejs22.x',
        handler: seed.handler ?? 'index.handler',
        role: `arn:${partitionOf(region)}:iam::${accountId}:role/${seed.name}-role`,
        description: seed.description ?? '',
        timeout: 3,
        memorySize: 128,
        layers: [...(seed.layers ?? [])],
        architectures: seed.architectures ?? ['x86_64'],
        updateReads: seed.updateReads ?? 1,
        failUpdate: seed.failUpdate,
        pendingReads: seed.updating ? (seed.updateReads ?? 1) : 0,
        lastUpdateStatus: seed.updating ? 'InProgress' : 'Successful',
        lastUpdateStatusReason: undefined,
        lastModified: new Date(),
        revisionId: randomUUID(),
        updates: 0
      }
      regions.get(region).set(seed.name, record)
      return record
    },
    find: (region, name) => regions.get(region)?.get(name),
    clear: () => regions.clear()
  }
}

/** The function named by a name, a partial ARN (account:function:name) or a full ARN in this region and account. */
function requireFunction(context) {
  const raw = context.params.functionName
  throwIfViolations([
    lengthViolation('functionName', raw, 1, 170),
    patternViolation('functionName', raw, FUNCTION_NAME_PATTERN)
  ])
  const [, region, accountId, name, qualifier] = FUNCTION_REFERENCE.exec(raw) ?? []
  const functions = context.functions
  const arn = functionArnOf(context.region, functions.accountId, name ?? raw)
  if (
    (region !== undefined && region !== context.region) ||
    (accountId !== undefined && accountId !== functions.accountId)
  ) {
    throw functionNotFound(raw)
  }
  const qualified = qualifier ?? context.query.Qualifier
  const record = functions.find(context.region, name)
  if (!record || (qualified !== undefined && qualified !== '$LATEST'))
    throw functionNotFound(qualified ? `${arn}:${qualified}` : arn)
  return record
}

function layerReference(arn, context) {
  const [, region, accountId, name, version] = LAYER_VERSION_ARN.exec(arn) ?? []
  if (accountId !== context.store.accountId) return { Arn: arn, CodeSize: 0 }
  const stored = region === context.region ? context.store.findVersion(region, name, Number(version)) : undefined
  if (!stored) throw invalidParameter(`Layer version ${arn} does not exist.`)
  return { Arn: arn, CodeSize: stored.codeSize }
}

function configurationOf(record, context) {
  const layers = record.layers.map(arn => {
    const [, region, accountId, name, version] = LAYER_VERSION_ARN.exec(arn) ?? []
    const stored =
      accountId === context.store.accountId ? context.store.findVersion(region, name, Number(version)) : undefined
    return { Arn: arn, CodeSize: stored?.codeSize ?? 0 }
  })
  return {
    FunctionName: record.name,
    FunctionArn: record.arn,
    Runtime: record.runtime,
    Role: record.role,
    Handler: record.handler,
    CodeSize: 312,
    Description: record.description,
    Timeout: record.timeout,
    MemorySize: record.memorySize,
    LastModified: lambdaTimestamp(record.lastModified),
    CodeSha256: 'n6RoA0Bb3PLs5ptIYqRJIuTBr3/OMEVNjHkN0kTdS3o=',
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: record.revisionId,
    ...(layers.length > 0 && { Layers: layers }),
    State: 'Active',
    LastUpdateStatus: record.lastUpdateStatus,
    ...(record.lastUpdateStatusReason && { LastUpdateStatusReason: record.lastUpdateStatusReason }),
    ...(record.lastUpdateStatus === 'Failed' && { LastUpdateStatusReasonCode: 'InternalError' }),
    PackageType: 'Zip',
    Architectures: record.architectures,
    EphemeralStorage: { Size: 512 }
  }
}

/** Reads while an update is in progress see InProgress `updateReads` times; the next one sees the outcome. */
function advanceUpdate(record) {
  if (record.lastUpdateStatus !== 'InProgress') return
  if (record.pendingReads > 0) {
    record.pendingReads -= 1
    return
  }
  if (record.failUpdate) {
    record.lastUpdateStatus = 'Failed'
    record.lastUpdateStatusReason = record.failUpdate
  } else {
    record.lastUpdateStatus = 'Successful'
  }
}

export function getFunctionConfiguration(context) {
  const record = requireFunction(context)
  advanceUpdate(record)
  return { status: 200, body: configurationOf(record, context) }
}

function validateLayers(layers, context) {
  throwIfViolations(
    layers.map(
      arn => lengthViolation('layers', arn, 1, 140) ?? patternViolation('layers', arn, LAYER_VERSION_ARN_PATTERN)
    )
  )
  if (layers.length > MAX_LAYERS) throw invalidParameter(`Cannot reference more than ${MAX_LAYERS} layers.`)
  const seen = new Map()
  for (const arn of layers) {
    const layerArn = arn.replace(/:\d+$/, '')
    if (seen.has(layerArn)) {
      throw invalidParameter(
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${seen.get(layerArn)} and ${arn} are versions of the same layer.`
      )
    }
    seen.set(layerArn, arn)
    layerReference(arn, context)
  }
}

export function updateFunctionConfiguration(context) {
  const record = requireFunction(context)
  const body = context.body
  for (const key of Object.keys(body)) {
    if (!UPDATE_FIELDS.includes(key)) throw invalidParameter(`Unsupported field ${key} on the loopback server.`)
  }
  const revisionId = optionalString(body, 'RevisionId')
  const layers = body.Layers === undefined ? undefined : optionalStringList(body, 'Layers')
  const description = optionalString(body, 'Description')
  if (record.lastUpdateStatus === 'InProgress') {
    throw conflict(
      `The operation cannot be performed at this time. An update is in progress for resource: ${record.arn}`
    )
  }
  if (revisionId !== undefined && revisionId !== record.revisionId) {
    throw new LambdaError(
      412,
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id'
    )
  }
  if (layers !== undefined) validateLayers(layers, context)
  if (layers !== undefined) record.layers = layers
  if (description !== undefined) record.description = description
  Object.assign(record, {
    lastUpdateStatus: 'InProgress',
    lastUpdateStatusReason: undefined,
    pendingReads: record.updateReads,
    lastModified: new Date(),
    revisionId: randomUUID(),
    updates: record.updates + 1
  })
  return { status: 200, body: configurationOf(record, context) }
}

/** A copy of a function's state for test assertions. */
export function storedFunction(record) {
  return {
    name: record.name,
    functionArn: record.arn,
    layers: [...record.layers],
    lastUpdateStatus: record.lastUpdateStatus,
    revisionId: record.revisionId,
    updates: record.updates
  }
}
