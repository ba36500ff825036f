// Lambda's REST-JSON error shapes and request validation, shared by the loopback Lambda handlers.

export const NOT_FOUND_MESSAGE = 'The resource you requested does not exist.'

/** An error answered in Lambda's REST-JSON shape; `messageKey` follows the casing of the service model. */
export class LambdaError extends Error {
  constructor(status, type, message, { fault = 'User', messageKey = 'message', headers = {}, fields = {} } = {}) {
    super(message)
    Object.assign(this, { status, type, fault, messageKey, headers, fields })
  }
}

export const notFound = (message = NOT_FOUND_MESSAGE) =>
  new LambdaError(404, 'ResourceNotFoundException', message, { messageKey: 'Message' })
export const invalidParameter = message => new LambdaError(400, 'InvalidParameterValueException', message)
export const invalidRequestContent = detail =>
  new LambdaError(400, 'InvalidRequestContentException', `Could not parse request body into json: ${detail}`)
export const conflict = message => new LambdaError(409, 'ResourceConflictException', message)
export const preconditionFailed = () =>
  new LambdaError(
    412,
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetLayerVersionPolicy API to retrieve the latest Revision Id'
  )
export const requestTooLarge = (operation, limit) =>
  new LambdaError(
    413,
    'RequestEntityTooLargeException',
    `Request must be smaller than ${limit} bytes for the ${operation} operation`
  )
export const throttled = retryAfterSeconds =>
  new LambdaError(429, 'TooManyRequestsException', 'Rate exceeded', {
    headers: { 'Retry-After': String(retryAfterSeconds) },
    fields: { Reason: 'CallerRateLimitExceeded' }
  })
export const serviceError = (message = 'The Lambda service encountered an internal error.') =>
  new LambdaError(500, 'ServiceException', message, { fault: 'Service', messageKey: 'Message' })
export const unknownOperation = (method, path) =>
  new LambdaError(404, 'UnknownOperationException', `Unknown operation: ${method} ${path}`)
export const missingAuthentication = () =>
  new LambdaError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
export const incompleteSignature = () =>
  new LambdaError(
    403,
    'IncompleteSignatureException',
    'Authorization header requires a SigV4 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders and Signature.'
  )
export const wrongService = () =>
  new LambdaError(403, 'InvalidSignatureException', "Credential should be scoped to correct service: 'lambda'.")

/** @param {string[]} violations */
export function validationError(violations) {
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`
  return new LambdaError(400, 'ValidationException', `${count} detected: ${violations.join('; ')}`)
}

/** @param {Array<string | undefined>} candidates */
export function throwIfViolations(candidates) {
  const violations = candidates.filter(candidate => candidate !== undefined)
  if (violations.length > 0) throw validationError(violations)
}

export const matchesFully = (source, value) => new RegExp(`^(?:${source})$`).test(value)
export const constraintViolation = (field, value, constraint) =>
  `Value ${value === undefined ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: Member must ${constraint}`

export const requiredViolation = (field, value) =>
  value === undefined ? constraintViolation(field, undefined, 'not be null') : undefined

export function patternViolation(field, value, source) {
  if (value === undefined || matchesFully(source, value)) return undefined
  return constraintViolation(field, value, `satisfy regular expression pattern: ${source}`)
}

export function lengthViolation(field, value, min, max) {
  if (value === undefined) return undefined
  if (value.length < min) return constraintViolation(field, value, `have length greater than or equal to ${min}`)
  if (value.length > max) return constraintViolation(field, value, `have length less than or equal to ${max}`)
  return undefined
}

export function enumViolation(field, value, allowed) {
  if (value === undefined || allowed.includes(value)) return undefined
  return constraintViolation(field, value, `satisfy enum value set: [${allowed.join(', ')}]`)
}

export function listViolation(field, values, max, allowed) {
  if (values.length > max)
    return constraintViolation(field, `[${values.join(', ')}]`, `have length less than or equal to ${max}`)
  const invalid = values.filter(value => !allowed.includes(value))
  if (invalid.length === 0) return undefined
  return constraintViolation(
    field,
    `[${values.join(', ')}]`,
    `satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`
  )
}

export const isPlainObject = value => typeof value === 'object' && value !== null && !Array.isArray(value)

export function optionalString(source, key) {
  const value = source[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalidRequestContent(`${key} must be a string`)
  return value
}

export function optionalStringList(source, key) {
  const value = source[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    throw invalidRequestContent(`${key} must be a list of strings`)
  }
  return [...value]
}

/** Runs `operation`; when it throws, throws `toError(thrown)` instead. */
export function attempt(operation, toError) {
  try {
    return operation()
  } catch (error) {
    throw toError(error)
  }
}

export function parseJsonObject(raw) {
  if (raw.length === 0) return {}
  const parsed = attempt(
    () => JSON.parse(raw.toString('utf8')),
    error => invalidRequestContent(error.message)
  )
  if (!isPlainObject(parsed)) throw invalidRequestContent('the request body must be a JSON object')
  return parsed
}
