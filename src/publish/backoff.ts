/** Exponential backoff with full jitter, honouring a server's Retry-After. */

export const BASE_DELAY_MS = 250
export const MAX_DELAY_MS = 8000

export type Sleep = (milliseconds: number) => Promise<void>

export const realSleep: Sleep = milliseconds => new Promise(resolve => setTimeout(resolve, milliseconds))

/** Delay before attempt `attempt + 1` (attempt counts from 1); `random` returns [0, 1). */
export function backoffDelay(
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1))
  const jittered = Math.floor(random() * ceiling)
  const floor = retryAfterSeconds === undefined ? 0 : retryAfterSeconds * 1000
  return Math.max(jittered, floor)
}

/** The Retry-After header of an SDK error's HTTP response, in seconds. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string> } })?.$response?.headers
  const value = headers?.['retry-after'] ?? headers?.['Retry-After']
  if (value === undefined) return undefined
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, MAX_DELAY_MS / 1000) : undefined
}
