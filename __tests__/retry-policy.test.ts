import {
  BASE_DELAY_MS,
  MAX_DELAY_MS,
  backoffCeiling,
  backoffDelay,
  decideRetry,
  parseRetryAfter,
  retryAfterOf
} from '../src/publish/retry-policy.js'
import { RetryBudget } from '../src/publish/retry-budget.js'
import { RegionRetry } from '../src/publish/region-retry.js'
import { awsErrorMessage } from '../src/publish/aws-errors.js'
import { readRetryTimeout } from '../src/inputs/publish-inputs.js'

const NOW = Date.parse('2026-11-30T12:00:00Z')

describe('backoff', () => {
  it('doubles the ceiling from the base up to the maximum', () => {
    expect([1, 2, 3, 4].map(backoffCeiling)).toEqual([1, 2, 4, 8].map(factor => BASE_DELAY_MS * factor))
    expect(backoffCeiling(40)).toBe(MAX_DELAY_MS)
  })

  it('draws a full jitter in [0, ceiling)', () => {
    for (const attempt of [1, 3, 7, 12]) {
      expect(backoffDelay(attempt, undefined, () => 0)).toBe(0)
      expect(backoffDelay(attempt, undefined, () => 0.999999)).toBe(backoffCeiling(attempt) - 1)
      expect(backoffDelay(attempt, undefined, () => 0.5)).toBe(backoffCeiling(attempt) / 2)
    }
  })

  it('never waits less than Retry-After, even past the ceiling', () => {
    expect(backoffDelay(1, 2000, () => 0)).toBe(2000)
    expect(backoffDelay(1, 2000, () => 0.999)).toBe(2000)
    expect(backoffDelay(8, 100, () => 0.5)).toBe(backoffCeiling(8) / 2)
    expect(backoffDelay(1, 60_000, () => 0.5)).toBe(60_000)
  })
})

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000)
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0)
  })

  it('reads an HTTP-date, in the three forms HTTP allows, as the time left until it', () => {
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:00:07 GMT', NOW)).toBe(7000)
    expect(parseRetryAfter('Monday, 30-Nov-26 12:00:07 GMT', NOW)).toBe(7000)
    expect(parseRetryAfter('Mon Nov 30 12:00:07 2026', NOW - new Date(NOW).getTimezoneOffset() * 60_000)).toBe(7000)
    expect(parseRetryAfter('Mon, 30 Nov 2026 11:59:00 GMT', NOW)).toBe(0)
  })

  it('ignores what is neither', () => {
    for (const value of [undefined, '', '-1', '1.5', 'soon', '3 seconds'])
      expect(parseRetryAfter(value, NOW)).toBeUndefined()
  })

  it('finds the header on an SDK error in any case', () => {
    expect(retryAfterOf({ $response: { headers: { 'retry-after': '2' } } }, NOW)).toBe(2000)
    expect(retryAfterOf({ $response: { headers: { 'Retry-After': '4' } } }, NOW)).toBe(4000)
    expect(retryAfterOf(new Error('no response'), NOW)).toBeUndefined()
  })
})

describe('decideRetry', () => {
  it('waits the backoff while the budget lasts, and cuts the last wait to what is left', () => {
    expect(decideRetry(3, undefined, 60_000, () => 0.5)).toEqual({ retry: true, waitMs: backoffCeiling(3) / 2 })
    expect(decideRetry(10, undefined, 1500, () => 0.9)).toEqual({ retry: true, waitMs: 1500 })
  })

  it('gives up when the budget is spent, or when Retry-After asks for more than is left', () => {
    expect(decideRetry(1, undefined, 0, () => 0.5)).toMatchObject({ retry: false })
    expect(decideRetry(1, 5000, 4000, () => 0.5)).toEqual({
      retry: false,
      reason: 'Retry-After 5 s is beyond what is left of retry-timeout'
    })
    expect(decideRetry(1, 4000, 4000, () => 0.5)).toEqual({ retry: true, waitMs: 4000 })
  })
})

describe('RetryBudget', () => {
  it('counts the time calls spend failing, overlapping calls once', () => {
    let now = 0
    const budget = new RetryBudget(10_000, () => now)
    budget.startFailing()
    now = 2000
    budget.startFailing()
    now = 3000
    budget.stopFailing()
    now = 4000
    expect(budget.spent()).toBe(4000)
    budget.stopFailing()
    now = 9000
    expect(budget.spent()).toBe(4000)
    budget.startFailing()
    now = 12_000
    expect(budget.left()).toBe(3000)
    budget.stopFailing()
    budget.stopFailing()
    expect(budget.spent()).toBe(7000)
  })
})

describe('RegionRetry', () => {
  const throttle = Object.assign(new Error('Rate exceeded'), {
    name: 'TooManyRequestsException',
    $metadata: { httpStatusCode: 429 }
  })

  it('logs each retry with its attempt and wait, and notes why it gave up', () => {
    let now = 0
    const lines: string[] = []
    const retry = new RegionRetry(
      'eu-west-1',
      1000,
      line => lines.push(line),
      () => 0.5,
      () => now
    )
    retry.budget.startFailing()
    expect(retry.next('ListLayerVersions', 1, throttle)).toBe(BASE_DELAY_MS / 2)
    expect(lines).toEqual([
      'eu-west-1: ListLayerVersions throttled (TooManyRequestsException: Rate exceeded (HTTP 429)); attempt 2 in 0.1 s'
    ])
    now = 1000
    expect(retry.next('ListLayerVersions', 2, throttle)).toBeUndefined()
    expect(lines).toHaveLength(1)
    expect(awsErrorMessage('eu-west-1', throttle, 'ListLayerVersions')).toBe(
      'eu-west-1: ListLayerVersions failed: TooManyRequestsException: Rate exceeded (HTTP 429); gave up after 2 attempt(s), 1.0 s of retry-timeout: retry-timeout used up'
    )
  })
})

describe('retry-timeout input', () => {
  it('reads seconds and minutes, 5 minutes by default', () => {
    expect(readRetryTimeout('')).toBe(300_000)
    expect(readRetryTimeout('300')).toBe(300_000)
    expect(readRetryTimeout('8s')).toBe(8000)
    expect(readRetryTimeout(' 5m ')).toBe(300_000)
    expect(readRetryTimeout('0')).toBe(0)
  })

  it('refuses anything else in one line naming the input and the forms', () => {
    for (const value of ['5 minutes', '-1', '1.5m', '2h', '361m', 'PT5M'])
      expect(() => readRetryTimeout(value)).toThrow(
        /^Input "retry-timeout": .* is not a duration; expected whole seconds \(300\), seconds or minutes with a unit \(90s, 5m\), at most 6 hours, or 0 for no retries\.$/
      )
  })
})
