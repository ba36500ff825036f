import { createFaultInjector } from '../loopback/fault-injector.js'

const draws = (seed: number, region: string, count = 200) => {
  const faults = createFaultInjector({ [region]: { seed, throttleRate: 0.5, serverErrorRate: 0.1 } })
  return Array.from({ length: count }, () => faults.takeFault(region, 'lambda')?.kind ?? 'ok')
}

describe('loopback fault injector', () => {
  it('draws the same faults for the same seed and region, and others for another seed or region', () => {
    expect(draws(3, 'eu-west-1')).toEqual(draws(3, 'eu-west-1'))
    expect(draws(3, 'eu-west-1')).not.toEqual(draws(4, 'eu-west-1'))
    expect(draws(3, 'eu-west-1')).not.toEqual(draws(3, 'us-east-1'))
  })

  it('throttles and fails about as often as asked', () => {
    const kinds = draws(11, 'eu-west-1', 2000)
    const share = (kind: string) => kinds.filter(drawn => drawn === kind).length / kinds.length
    expect(share('throttle')).toBeGreaterThan(0.45)
    expect(share('throttle')).toBeLessThan(0.55)
    expect(share('server')).toBeGreaterThan(0.07)
    expect(share('server')).toBeLessThan(0.13)
  })

  it('applies to the services listed only, Lambda by default', () => {
    const faults = createFaultInjector({
      'eu-west-1': { throttleRate: 1 },
      'us-east-1': { throttleRate: 1, services: ['s3'], retryAfterSeconds: 2 }
    })
    expect(faults.takeFault('eu-west-1', 'lambda')).toEqual({ kind: 'throttle', retryAfterSeconds: 1 })
    expect(faults.takeFault('eu-west-1', 'ssm')).toBeUndefined()
    expect(faults.takeFault('us-east-1', 'lambda')).toBeUndefined()
    expect(faults.takeFault('us-east-1', 's3')).toEqual({ kind: 'throttle', retryAfterSeconds: 2 })
  })

  it('loses responses of the listed writes only, PublishLayerVersion by default', () => {
    const faults = createFaultInjector({
      'eu-west-1': { lostResponseRate: 1 },
      'us-east-1': { lostResponseRate: 1, lostResponseOperations: ['AddLayerVersionPermission'] }
    })
    expect(faults.takeLostResponse('eu-west-1', 'PublishLayerVersion')).toBe(true)
    expect(faults.takeLostResponse('eu-west-1', 'AddLayerVersionPermission')).toBe(false)
    expect(faults.takeLostResponse('us-east-1', 'PublishLayerVersion')).toBe(false)
    expect(faults.takeLostResponse('us-east-1', 'AddLayerVersionPermission')).toBe(true)
  })

  it('throttles everything for the window, counted from the first request, then nothing', async () => {
    const faults = createFaultInjector()
    faults.set('eu-west-1', { throttleForSeconds: 0.3, retryAfterSeconds: 0 })
    await new Promise(resolve => setTimeout(resolve, 350))
    const during = Array.from({ length: 20 }, () => faults.takeFault('eu-west-1', 'lambda'))
    expect(during.every(fault => fault?.kind === 'throttle')).toBe(true)
    await new Promise(resolve => setTimeout(resolve, 350))
    expect(faults.takeFault('eu-west-1', 'lambda')).toBeUndefined()
  })

  it('reports the counters as far as they are consumed', () => {
    const faults = createFaultInjector({ 'eu-west-1': { throttles: 1, serverErrors: 1 } })
    expect(faults.takeFault('eu-west-1', 'lambda')?.kind).toBe('throttle')
    expect(faults.get('eu-west-1')).toEqual({ throttles: 0, serverErrors: 1 })
  })
})
