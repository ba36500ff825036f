/**
 * When to send a failed AWS call again: exponential backoff with full jitter, never sooner than
 * the server's Retry-After, within what is left of the region's retry-timeout. Pure.
 */

/** First backoff ceiling; doubles with each attempt. */
export const BASE_DELAY_MS = 250
/** Largest backoff ceiling (the SDK's own maximum retry delay). */
export const MAX_DELAY_MS = 20_000

/** The backoff ceiling before attempt `attempt + 1` (attempt counts from 1). */
export function backoffCeiling(attempt: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1))
}

/** Full jitter: a uniform wait in [0, ceiling), but never less than Retry-After. `random` returns [0, 1). */
export function backoffDelay(attempt: number, retryAfterMs: number | undefined, random: () => number): number {
  const jittered = Math.floor(random() * backoffCeiling(attempt))
  return Math.max(jittered, retryAfterMs ?? 0)
}

/**
 * A Retry-After value in milliseconds from `now`: delay-seconds ("3") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). A date in the past means now (0); anything else undefined.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim() ?? ''
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = /[a-z]/i.test(text) ? Date.parse(text) : NaN
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** The Retry-After header of an SDK error's HTTP response, in milliseconds from `now`. */
export function retryAfterOf(error: unknown, now: number): number | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string> } })?.$response?.headers ?? {}
  const name = Object.keys(headers).find(header => header.toLowerCase() === 'retry-after')
  return name === undefined ? undefined : parseRetryAfter(headers[name], now)
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; reason: string }

/**
 * Whether to try again after attempt `attempt` failed with a retryable error, and after what wait,
 * given `leftMs` of the region's budget: a Retry-After beyond the budget gives up at once; a
 * backoff beyond it is cut to what is left, so the last attempt comes as the budget ends.
 */
export function decideRetry(
  attempt: number,
  retryAfterMs: number | undefined,
  leftMs: number,
  random: () => number
): RetryDecision {
  if (leftMs <= 0) return { retry: false, reason: 'retry-timeout used up' }
  if (retryAfterMs !== undefined && retryAfterMs > leftMs) {
    return {
      retry: false,
      reason: `Retry-After ${Math.ceil(retryAfterMs / 1000)} s is beyond what is left of retry-timeout`
    }
  }
  return { retry: true, waitMs: Math.min(backoffDelay(attempt, retryAfterMs, random), leftMs) }
}
