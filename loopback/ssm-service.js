// Loopback SSM Parameter Store (JSON 1.1 protocol, X-Amz-Target: AmazonSSM.<Operation>): PutParameter
// and GetParameter of String parameters, per region, with SSM's error shapes.

import { partitionOf } from './partition.js'

const TARGET_PREFIX = 'AmazonSSM.'
const PARAMETER_TYPES = ['String', 'StringList', 'SecureString']
const MAX_STANDARD_VALUE = 4096
const NAME = /^[a-zA-Z0-9_.\-/]+$/

/** An error answered in the awsJson1_1 shape: {"__type": ..., "message": ...}. */
export class SsmError extends Error {
  constructor(type, message, status = 400) {
    super(message)
    Object.assign(this, { type, status })
  }
}

const validation = message => new SsmError('ValidationException', message)
const nullViolation = field =>
  validation(
    `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`
  )

/** An injected fault in SSM's shape: 400 ThrottlingException for a throttle, 500 InternalServerError otherwise. */
export function injectedSsmError(fault) {
  return fault.kind === 'throttle'
    ? new SsmError('ThrottlingException', 'Rate exceeded')
    : new SsmError('InternalServerError', 'An error occurred on the server side.', 500)
}

export const ssmOperation = target =>
  target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : 'UnknownOperation'

/** Parameters per region and name, with their version history's newest entry. */
export function createSsmStore(accountId) {
  /** @type {Map<string, Map<string, any>>} */
  const regions = new Map()
  const parametersOf = region => {
    if (!regions.has(region)) regions.set(region, new Map())
    return regions.get(region)
  }
  return {
    accountId,
    get: (region, name) => regions.get(region)?.get(name),
    set: (region, name, record) => parametersOf(region).set(name, record),
    clear: () => regions.clear()
  }
}

const parameterArn = (region, accountId, name) =>
  `arn:${partitionOf(region)}:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`

function validateName(name) {
  if (name === undefined || name === null) throw nullViolation('name')
  if (typeof name !== 'string' || name.length < 1 || name.length > 2048) {
    throw validation(
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048`
    )
  }
  if (!NAME.test(name) || (name.includes('/') && !name.startsWith('/'))) {
    throw validation(
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_'
    )
  }
  if (/^\/?(aws|ssm)/i.test(name))
    throw validation('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).')
}

function putParameter(store, region, body) {
  const { Name: name, Value: value, Type: type, Overwrite: overwrite, Description: description } = body
  validateName(name)
  if (value === undefined || value === null) throw nullViolation('value')
  if (typeof value !== 'string' || value.length > MAX_STANDARD_VALUE) {
    throw validation(
      `1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to ${MAX_STANDARD_VALUE}`
    )
  }
  if (type !== undefined && !PARAMETER_TYPES.includes(type)) {
    throw validation(
      `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [${PARAMETER_TYPES.join(', ')}]`
    )
  }
  const existing = store.get(region, name)
  if (existing && overwrite !== true) {
    throw new SsmError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.'
    )
  }
  if (!existing && type === undefined) throw validation('A parameter type is required when you create a parameter.')
  const record = {
    name,
    value,
    type: type ?? existing.type,
    description: description ?? existing?.description,
    version: (existing?.version ?? 0) + 1,
    lastModified: new Date()
  }
  store.set(region, name, record)
  return { Version: record.version, Tier: 'Standard' }
}

function getParameter(store, region, body) {
  validateName(body.Name)
  const record = store.get(region, body.Name)
  if (!record) throw new SsmError('ParameterNotFound', '')
  return {
    Parameter: {
      Name: record.name,
      Type: record.type,
      Value: record.value,
      Version: record.version,
      LastModifiedDate: record.lastModified.getTime() / 1000,
      ARN: parameterArn(region, store.accountId, record.name),
      DataType: 'text'
    }
  }
}

const HANDLERS = { PutParameter: putParameter, GetParameter: getParameter }

/** Answers one SSM call; returns the JSON response body. */
export function handleSsm(store, operation, region, rawBody) {
  const handler = HANDLERS[operation]
  if (!handler) throw new SsmError('UnknownOperationException', '')
  let body
  try {
    body = rawBody.length === 0 ? {} : JSON.parse(rawBody.toString('utf8'))
  } catch {
    throw new SsmError('SerializationException', 'Start of structure or map found where not expected.')
  }
  return handler(store, region, body)
}

export function ssmErrorBody(error) {
  const ssmError =
    error instanceof SsmError
      ? error
      : new SsmError('InternalServerError', error instanceof Error ? error.message : String(error), 500)
  return {
    status: ssmError.status,
    body: { __type: ssmError.type, ...(ssmError.message ? { message: ssmError.message } : {}) }
  }
}
