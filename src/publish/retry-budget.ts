/**
 * A region's retry-timeout: the time its calls may spend failing, in total. A call is failing from
 * its first failed attempt until it succeeds or gives up; while several calls of the region fail at
 * once, the time counts once.
 */
export class RetryBudget {
  private failing = 0
  private failingSince = 0
  private spentMs = 0

  constructor(
    readonly timeoutMs: number,
    private readonly now: () => number = Date.now
  ) {}

  /** A call has failed for the first time. */
  startFailing(): void {
    if (this.failing++ === 0) this.failingSince = this.now()
  }

  /** A failing call succeeded or gave up. */
  stopFailing(): void {
    if (this.failing === 0) return
    if (--this.failing === 0) this.spentMs += this.now() - this.failingSince
  }

  /** Milliseconds spent failing so far. */
  spent(): number {
    return this.spentMs + (this.failing > 0 ? this.now() - this.failingSince : 0)
  }

  left(): number {
    return this.timeoutMs - this.spent()
  }
}
