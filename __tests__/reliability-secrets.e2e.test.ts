import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { regionRows } from './helpers/summary-table.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')

/** Shaped like real STS values: '/', '+' and '=' change when URL-encoded. */
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY'
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEHsaCXVzLWVhc3QtMSJHMEUCIQD+token/with+slashes=='
const CREDENTIALS = { AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN }

const server = useLoopbackServer()

const inputs = (extra: Record<string, string> = {}) => ({
  'layer-name': 'secretive',
  runtime: 'nodejs22.x',
  regions: 'eu-west-1 us-east-1',
  source: PREBUILT_FIXTURE,
  install: 'false',
  ...extra
})

/** A service error that echoes the request's headers (the session token) and the secret key, raw and URL-encoded. */
function echoingRejection(): string {
  return `Signature for ${SECRET_ACCESS_KEY} does not match; see ?X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}; received {headers}`
}

/** The log as the runner shows it: workflow command messages unescaped (core writes % as %25). */
function unescapeCommands(log: string): string {
  return log.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
}

function expectNoSecret(run: ActionRun): void {
  for (const value of [SECRET_ACCESS_KEY, SESSION_TOKEN]) {
    for (const form of [value, encodeURIComponent(value)]) {
      expect(run.stdout).not.toContain(form)
      expect(unescapeCommands(run.stdout)).not.toContain(form)
      expect(run.stderr).not.toContain(form)
      expect(run.summary).not.toContain(form)
      expect(Object.values(run.outputs).join('\n')).not.toContain(form)
    }
  }
}

describe('credentials in messages', () => {
  it('an SDK error echoing the session token and the secret key is written with both replaced by ***', async () => {
    server.setRegionFaults('us-east-1', { rejectMessage: echoingRejection() })
    const run = await runAction(inputs(), { endpoint: server.url, env: CREDENTIALS })
    expect(run.exitCode).toBe(1)
    // The service really received the token and put it in its message: the redaction is what keeps it out.
    expect(server.requests.some(request => request.region === 'us-east-1' && request.status === 400)).toBe(true)
    expectNoSecret(run)
    const errors = errorLines(run)
    expect(errors[0]).toMatch(
      /^us-east-1: ListLayerVersions failed: InvalidParameterValueException: Signature for \*\*\* does not match; see \?X-Amz-Security-Token=\*\*\*; received \{.*"x-amz-security-token":"\*\*\*"/
    )
    expect(errors.at(-1)).toMatch(
      /^Publishing failed in 1 of 2 region\(s\): us-east-1: .*Signature for \*\*\* does not match/
    )
    expect(regionRows(run.summary)['us-east-1'].status).toContain('Signature for *** does not match')
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(['eu-west-1'])
  })

  it('stays redacted when the failure is only a warning (on-region-failure: warn)', async () => {
    server.setRegionFaults('eu-west-1', { rejectMessage: echoingRejection() })
    const run = await runAction(inputs({ 'on-region-failure': 'warn' }), { endpoint: server.url, env: CREDENTIALS })
    expect(run.exitCode).toBe(0)
    expectNoSecret(run)
    expect(run.stdout).toMatch(/::warning::eu-west-1: ListLayerVersions failed: .*Signature for \*\*\* does not match/)
  })

  it('stays redacted in an input error that quotes the value (a secret passed to the wrong input)', async () => {
    const run = await runAction(inputs({ principal: SECRET_ACCESS_KEY }), { endpoint: server.url, env: CREDENTIALS })
    expect(run.exitCode).toBe(1)
    expectNoSecret(run)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(/^Input "principal": "\*\*\*" is not a principal; expected /)
    ])
    expect(server.requests).toEqual([])
  })
})
