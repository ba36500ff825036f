/**
 * Runs an async task over items with a bounded window ahead of the consumer, and yields the
 * results in input order. The window is bounded both in items and in weight (for example bytes
 * held in memory), so at most `limits.weight` plus one item's weight is ever in flight.
 */
export interface PrefetchLimits {
  /** Tasks started but not yet consumed, at most. */
  items: number
  /** Sum of the weights of those tasks, at most (a single heavier item still runs, alone). */
  weight: number
}

export async function* prefetchInOrder<T, R>(
  items: readonly T[],
  limits: PrefetchLimits,
  weightOf: (item: T) => number,
  task: (item: T, index: number) => Promise<R>
): AsyncGenerator<R> {
  const pending = new Map<number, Promise<R>>()
  let started = 0
  let consumed = 0
  let weightInFlight = 0

  const fill = () => {
    while (started < items.length && started - consumed < limits.items) {
      const weight = weightOf(items[started])
      if (started > consumed && weightInFlight + weight > limits.weight) break
      weightInFlight += weight
      const promise = task(items[started], started)
      promise.catch(() => undefined)
      pending.set(started, promise)
      started += 1
    }
  }

  try {
    while (consumed < items.length) {
      fill()
      const result = await (pending.get(consumed) as Promise<R>)
      pending.delete(consumed)
      yield result
      weightInFlight -= weightOf(items[consumed])
      consumed += 1
    }
  } finally {
    // Stopped early (the consumer failed or a task did): let started tasks settle before returning.
    await Promise.allSettled(pending.values())
  }
}
