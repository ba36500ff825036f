import { AsyncLocalStorage } from 'node:async_hooks'
import { DefaultRateLimiter } from '@smithy/core/retry'
import { RetryBudget } from './retry-budget.js'
import { decideRetry, retryAfterOf } from './retry-policy.js'
import { describeFailure, operationOf, withGiveUpNote, withOperation } from './aws-errors.js'

export type Sleep = (milliseconds: number) => Promise<void>
export const realSleep: Sleep = milliseconds => new Promise(resolve => setTimeout(resolve, milliseconds))

/** What the SDK's retry middleware tells a strategy about a failed attempt. */
interface FailedAttempt {
  error?: unknown
  errorType: string
  retryAfterHint?: Date
}

/** One call's retry state: attempts so far, the wait before the next, and whether it is failing. */
class CallToken {
  constructor(
    private readonly retries: number,
    private readonly delay: number,
    readonly failing: boolean
  ) {}
  getRetryCount(): number {
    return this.retries
  }
  getRetryDelay(): number {
    return this.delay
  }
}

/** The operation a client is sending, for strategies and logs (set by the middleware below). */
const currentOperation = new AsyncLocalStorage<string>()

const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR'])

/**
 * Retries of one region: its retry-timeout budget, shared by every call and every client of the
 * region, and the log of each retry ("attempt n in x s").
 */
export class RegionRetry {
  readonly budget: RetryBudget

  constructor(
    readonly region: string,
    timeoutMs: number,
    private readonly log: (line: string) => void,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now
  ) {
    this.budget = new RetryBudget(timeoutMs, now)
  }

  /**
   * The wait before attempt `attempt + 1` of a call that failed, logged; undefined when the
   * region's budget does not allow it (the error then says so).
   */
  next(operation: string, attempt: number, error: unknown, retryAfterMs?: number): number | undefined {
    const decision = decideRetry(attempt, retryAfterMs, this.budget.left(), this.random)
    if (!decision.retry) {
      const spent = (this.budget.spent() / 1000).toFixed(1)
      withGiveUpNote(error, `gave up after ${attempt} attempt(s), ${spent} s of retry-timeout: ${decision.reason}`)
      return undefined
    }
    this.log(
      `${this.region}: ${operation} ${describeFailure(error)}; attempt ${attempt + 1} in ${(decision.waitMs / 1000).toFixed(1)} s`
    )
    return decision.waitMs
  }

  /**
   * A retry strategy for one client of the region, with the SDK's adaptive client-side rate
   * limiting. Operations in `resendOnlyWhenThrottled` are retried here only after a throttle
   * (the request was refused); other failures go back to the caller, which may have to find out
   * whether the call was carried out before sending it again.
   */
  strategy(resendOnlyWhenThrottled: readonly string[] = []) {
    const limiter = new DefaultRateLimiter()
    const { budget } = this
    return {
      mode: 'adaptive',
      acquireInitialRetryToken: async (): Promise<CallToken> => {
        await limiter.getSendToken()
        return new CallToken(0, 0, false)
      },
      refreshRetryTokenForRetry: async (token: CallToken, failed: FailedAttempt): Promise<CallToken> => {
        limiter.updateClientSendingRate(failed)
        const operation = currentOperation.getStore() ?? operationOf(failed.error) ?? 'call'
        const refusedOnly = resendOnlyWhenThrottled.includes(operation) && failed.errorType !== 'THROTTLING'
        if (!RETRYABLE.has(failed.errorType) || refusedOnly) {
          if (token.failing) budget.stopFailing()
          throw failed.error
        }
        if (!token.failing) budget.startFailing()
        const hint = failed.retryAfterHint ? Math.max(0, failed.retryAfterHint.getTime() - this.now()) : undefined
        const retryAfter = retryAfterOf(failed.error, this.now()) ?? hint
        const wait = this.next(operation, token.getRetryCount() + 1, failed.error, retryAfter)
        if (wait === undefined) {
          budget.stopFailing()
          throw failed.error
        }
        // The backoff and the rate limiter's pacing overlap: the retry goes when both allow it.
        await Promise.all([realSleep(wait), limiter.getSendToken()])
        return new CallToken(token.getRetryCount() + 1, 0, true)
      },
      recordSuccess: (token: CallToken): void => {
        limiter.updateClientSendingRate({})
        if (token.failing) budget.stopFailing()
      }
    }
  }
}

type Handler = (args: unknown) => Promise<unknown>

/**
 * Adds a middleware that runs each command with its operation name known to the retry strategy,
 * and notes on a failure the operation that failed, so errors name it.
 */
export function nameOperations(stack: { add: (middleware: never, options: never) => void }): void {
  const middleware = (next: Handler, context: { commandName?: string }) => {
    const operation = context.commandName?.replace(/Command$/, '') ?? 'call'
    return (args: unknown) =>
      currentOperation.run(operation, async () => {
        try {
          return await next(args)
        } catch (error) {
          throw withOperation(error, operation)
        }
      })
  }
  stack.add(middleware as never, { step: 'initialize', name: 'operationNameMiddleware' } as never)
}
