/** Maps items through an async task with at most `limit` tasks in flight, keeping input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index])
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker())
  await Promise.all(workers)
  return results
}

export type Limiter = <R>(task: () => Promise<R>) => Promise<R>

/** Runs tasks given to it with at most `limit` of them in flight at once; the rest wait their turn. */
export function createLimiter(limit: number): Limiter {
  let running = 0
  const waiting: Array<() => void> = []
  return async task => {
    if (running >= limit) await new Promise<void>(resolve => waiting.push(resolve))
    else running++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
