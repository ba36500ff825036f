/** Classifies SDK errors from Lambda calls. */

interface SdkErrorShape {
  name?: string
  code?: string
  $metadata?: { httpStatusCode?: number }
  $retryable?: unknown
}

const TRANSIENT_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'ServiceException',
  'ServiceUnavailable',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException'
])

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED'
])

/** True for throttling, 5xx and network failures: the call may succeed if sent again. */
export function isTransient(error: unknown): boolean {
  const shape = (error ?? {}) as SdkErrorShape
  const status = shape.$metadata?.httpStatusCode
  if (status === 429 || (status !== undefined && status >= 500)) return true
  if (shape.name && TRANSIENT_NAMES.has(shape.name)) return true
  if (shape.code && NETWORK_CODES.has(shape.code)) return true
  return shape.$retryable !== undefined
}

export function isNotFound(error: unknown): boolean {
  return (error as SdkErrorShape)?.name === 'ResourceNotFoundException'
}
