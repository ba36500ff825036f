import { createLimiter } from '../src/model/run-bounded.js'
import { DIRECT_UPLOAD_BUDGET_BYTES, directUploadsInFlight, REGION_CONCURRENCY } from '../src/publish/publish-all.js'

describe('createLimiter', () => {
  it('runs at most `limit` tasks at once, starts waiting ones as others end, and passes results and errors through', async () => {
    const limit = createLimiter(2)
    let running = 0
    let peak = 0
    const started: number[] = []
    const task = (index: number) =>
      limit(async () => {
        started.push(index)
        running++
        peak = Math.max(peak, running)
        await new Promise(resolve => setTimeout(resolve, 5 + (index % 3) * 5))
        running--
        if (index === 4) throw new Error('task 4 failed')
        return index * 10
      })
    const settled = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(task))
    expect(peak).toBe(2)
    expect(started.sort()).toEqual([0, 1, 2, 3, 4, 5])
    expect(
      settled.map(result => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))
    ).toEqual([0, 10, 20, 30, 'task 4 failed', 50])
    // A failed task frees its slot: the limiter is usable afterwards.
    await expect(limit(async () => 'after')).resolves.toBe('after')
  })
})

describe('directUploadsInFlight', () => {
  it('sends small zips to every region at once and large ones within the byte budget', () => {
    expect(directUploadsInFlight(4 * 1024)).toBe(REGION_CONCURRENCY)
    expect(directUploadsInFlight(0)).toBe(REGION_CONCURRENCY)
    expect(directUploadsInFlight(30 * 1024 * 1024)).toBe(3)
    expect(directUploadsInFlight(49 * 1024 * 1024)).toBe(1)
    expect(directUploadsInFlight(DIRECT_UPLOAD_BUDGET_BYTES * 2)).toBe(1)
  })
})
