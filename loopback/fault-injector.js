// Per-region fault injection for the loopback server: counted faults (the next N requests), seeded
// random faults by probability (throttles with Retry-After, 5xx, responses lost after the write),
// and sustained windows (every request throttled for N seconds), per service and region.

/** Operations whose response may be lost after the write by default. */
const DEFAULT_LOST_OPERATIONS = ['PublishLayerVersion']

/** mulberry32: a small seeded generator of [0, 1), so a seed replays the same faults. */
function seededRandom(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

/** A seed per region from the faults' seed, so regions draw different but repeatable faults. */
function regionSeed(seed, region) {
  let hash = seed >>> 0
  for (const char of region) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0
  return hash
}

/** State of one region's faults: the options as set, their counters, generator and window. */
function regionState(region, value) {
  return {
    options: { ...value },
    throttles: value.throttles ?? 0,
    serverErrors: value.serverErrors ?? 0,
    dropped: value.dropResponseAfterPublish ?? 0,
    seen: 0,
    random: seededRandom(regionSeed(value.seed ?? 1, region)),
    windowEndsAt: undefined
  }
}

export function createFaultInjector(initialFaults) {
  const regions = new Map(
    Object.entries(initialFaults ?? {}).map(([region, value]) => [region, regionState(region, value)])
  )
  const optionsOf = region => regions.get(region)?.options
  const throttle = options => ({ kind: 'throttle', retryAfterSeconds: options.retryAfterSeconds ?? 1 })
  return {
    set: (region, value) => regions.set(region, regionState(region, value)),
    /** The region's faults as set, with the counters as far as they are consumed. */
    get(region) {
      const state = regions.get(region)
      if (!state) return {}
      const counters = {
        throttles: state.throttles,
        serverErrors: state.serverErrors,
        dropResponseAfterPublish: state.dropped
      }
      return {
        ...state.options,
        ...Object.fromEntries(Object.entries(counters).filter(([name]) => name in state.options))
      }
    },
    clear: () => regions.clear(),
    isDown: region => optionsOf(region)?.down === true,
    latencyOf: region => optionsOf(region)?.latencyMs ?? 0,
    /** The rejectMessage of the region, with {headers} expanded, when one is set (Lambda requests only). */
    rejectionOf(region, headers) {
      const message = optionsOf(region)?.rejectMessage
      return message === undefined ? undefined : message.replace('{headers}', JSON.stringify(headers))
    },
    /**
     * The fault for a request of `service` in the region, if any: { kind: 'throttle', retryAfterSeconds }
     * or { kind: 'server' }. Faults apply to the services listed in `services` (Lambda alone by default).
     * In order: a sustained window (`throttleForSeconds` from the first such request), `throttleEvery`,
     * the `throttles` then `serverErrors` counters, then the seeded draws `throttleRate` and `serverErrorRate`.
     */
    takeFault(region, service) {
      const state = regions.get(region)
      if (!state || !(state.options.services ?? ['lambda']).includes(service)) return undefined
      const { options } = state
      state.seen += 1
      if (options.throttleForSeconds !== undefined) {
        state.windowEndsAt ??= Date.now() + options.throttleForSeconds * 1000
        if (Date.now() < state.windowEndsAt) return throttle(options)
      }
      if ((options.throttleEvery ?? 0) > 0 && (state.seen - 1) % options.throttleEvery === 0) return throttle(options)
      if (state.throttles > 0) {
        state.throttles -= 1
        return throttle(options)
      }
      if (state.serverErrors > 0) {
        state.serverErrors -= 1
        return { kind: 'server' }
      }
      const draw = state.random()
      if (draw < (options.throttleRate ?? 0)) return throttle(options)
      if (draw < (options.throttleRate ?? 0) + (options.serverErrorRate ?? 0)) return { kind: 'server' }
      return undefined
    },
    /** Whether the response to this write, already carried out, is lost (the socket destroyed). */
    takeLostResponse(region, operation) {
      const state = regions.get(region)
      if (!state) return false
      if (operation === 'PublishLayerVersion' && state.dropped > 0) {
        state.dropped -= 1
        return true
      }
      const lostOperations = state.options.lostResponseOperations ?? DEFAULT_LOST_OPERATIONS
      return lostOperations.includes(operation) && state.random() < (state.options.lostResponseRate ?? 0)
    }
  }
}
