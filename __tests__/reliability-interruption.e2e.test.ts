import type { ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { regionRows } from './helpers/summary-table.js'
import { waitFor } from './helpers/wait-for.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
/** 18 regions: 16 are published at once, so when the fast one finishes the 17th starts and the 18th waits. */
const REGIONS = [
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'sa-east-1',
  'me-south-1'
]
const FAST = 'eu-west-1'

const server = useLoopbackServer()

describe('cancelled while publishing', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s after the first region finished leaves outputs and a summary of what was done',
    async signal => {
      for (const region of REGIONS.filter(region => region !== FAST))
        server.setRegionFaults(region, { latencyMs: 4000 })
      let child: ChildProcess | undefined
      const running = runAction(
        {
          'layer-name': 'cancelled',
          runtime: 'nodejs22.x',
          regions: REGIONS.join(' '),
          source: PREBUILT_FIXTURE,
          install: 'false',
          principal: '123456789012'
        },
        { endpoint: server.url, onSpawn: spawned => (child = spawned) }
      )
      const fastDone = () =>
        server.requests.some(
          request =>
            request.region === FAST && request.operation === 'AddLayerVersionPermission' && request.status === 201
        )
      try {
        await waitFor(fastDone, 60_000)
        // The 17th region starts once the fast one's result is in: then the action knows it is done.
        await waitFor(() => server.requests.some(request => request.region === 'sa-east-1'), 60_000)
      } catch (error) {
        // Not left running to send requests into the next test's server log.
        child?.kill('SIGKILL')
        await running
        throw error
      }
      const sentAt = Date.now()
      child?.kill(signal)
      const run = await running
      expect(Date.now() - sentAt).toBeLessThan(3000)

      expect(run.exitCode).toBe(signal === 'SIGTERM' ? 143 : 130)
      const fastArn = `arn:aws:lambda:${FAST}:123456789012:layer:cancelled:1`
      expect(JSON.parse(run.outputs['layer-version-arns'])).toEqual({ [FAST]: fastArn })
      expect(JSON.parse(run.outputs['published-regions'])).toEqual([FAST])
      expect(run.outputs['layer-version-arn']).toBe(fastArn)

      const rows = regionRows(run.summary)
      expect(Object.keys(rows)).toEqual(REGIONS)
      expect(rows[FAST]).toEqual({ arn: fastArn, version: '1', status: '✅ published' })
      for (const region of REGIONS.slice(1, 17))
        expect(rows[region]).toEqual({
          arn: '—',
          version: '—',
          status: '⏹️ interrupted in flight (a version may exist; a re-run reuses it)'
        })
      expect(rows['me-south-1']).toEqual({ arn: '—', version: '—', status: '⏹️ not started' })
      expect(run.summary).toContain(
        `Interrupted by ${signal}: 18 region(s): 1 published, 0 reused, 0 failed, 16 in flight, 1 not started.`
      )
      expect(errorLines(run)).toEqual([
        `Interrupted by ${signal} while publishing: 1 of 18 region(s) done (${FAST} published); in flight, a version may exist: ${REGIONS.slice(1, 17).join(', ')}; not started: me-south-1. Re-run the step to complete the rest; finished regions are reused.`
      ])
      expect(server.requests.some(request => request.region === 'me-south-1')).toBe(false)
      expect(run.stdout).toContain(`${FAST}: published ${fastArn}\n`)
    }
  )
})
