import { isServerError, isThrottlingError, isTransientError } from '@smithy/service-error-classification'

/** What we learnt about a failed call, kept beside the SDK's error rather than on it. */
interface Note {
  operation?: string
  /** What the call was about, e.g. a statement id. */
  what?: string
  giveUp?: string
}

const notes = new WeakMap<object, Note>()

function noteOn(error: unknown, note: Note): unknown {
  if (typeof error !== 'object' || error === null) return error
  notes.set(error, { ...note, ...notes.get(error) })
  return error
}

/** Records the operation that failed; the first one recorded (the innermost call) wins. */
export function withOperation(error: unknown, operation: string | undefined): unknown {
  return operation === undefined ? error : noteOn(error, { operation })
}

/** Records what the failed call was about (a statement id, a parameter name). */
export function withSubject(error: unknown, what: string): unknown {
  return noteOn(error, { what })
}

/** Records why retrying stopped. */
export function withGiveUpNote(error: unknown, giveUp: string): unknown {
  return noteOn(error, { giveUp })
}

/** The operation whose call failed, when the SDK client sent it. */
export function operationOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? notes.get(error)?.operation : undefined
}

type Classifiable = Parameters<typeof isThrottlingError>[0]

export function isThrottled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && isThrottlingError(error as Classifiable)
}

/** Throttled, 5xx or a network failure: the call may succeed if sent again. */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const sdkError = error as Classifiable
  return isThrottlingError(sdkError) || isTransientError(sdkError) || isServerError(sdkError)
}

export function isNotFound(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ResourceNotFoundException'
}

/** "TooManyRequestsException: Rate exceeded (HTTP 429)". */
export function reasonOf(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error'
  const message = error instanceof Error ? error.message : String(error)
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode
  const reason = [name, message].filter(Boolean).join(': ').replace(/\s+/g, ' ').trim()
  return `${reason}${status ? ` (HTTP ${status})` : ''}`
}

/** "throttled (TooManyRequestsException: Rate exceeded (HTTP 429))", for the retry log. */
export function describeFailure(error: unknown): string {
  return `${isThrottled(error) ? 'throttled' : 'failed'} (${reasonOf(error)})`
}

/**
 * One line describing an AWS call's failure, naming the operation that failed:
 * "<region>: <Operation> (<what>) failed: <reason>; gave up after ...".
 */
export function awsErrorMessage(region: string, error: unknown, fallbackOperation: string, what?: string): string {
  const note = typeof error === 'object' && error !== null ? notes.get(error) : undefined
  const subject = note?.what ?? what
  const giveUp = note?.giveUp ? `; ${note.giveUp}` : ''
  return `${region}: ${note?.operation ?? fallbackOperation}${subject ? ` (${subject})` : ''} failed: ${reasonOf(error)}${giveUp}`
}
