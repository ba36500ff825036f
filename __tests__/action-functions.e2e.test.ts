import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')

const server = useLoopbackServer()

const ours = (region: string, version: number) => `arn:aws:lambda:${region}:123456789012:layer:fns:${version}`
const foreign = (region: string, name: string, version: number) =>
  `arn:aws:lambda:${region}:111122223333:layer:${name}:${version}`

function inputs(regions: string[], extra: Record<string, string> = {}) {
  return {
    'layer-name': 'fns',
    runtime: 'nodejs22.x',
    regions: regions.join(' '),
    source: PREBUILT_FIXTURE,
    install: 'false',
    ...extra
  }
}

/** Publishes version 1 everywhere, so that functions can carry it before the run under test. */
async function publishFirstVersion(regions: string[]) {
  const first = await runAction(inputs(regions, { description: 'first' }), { endpoint: server.url })
  expect(first.exitCode).toBe(0)
  server.requests.length = 0
}

function functionCalls(region: string, name: string) {
  return server.requests
    .filter(request => request.region === region && request.functionName === name)
    .map(request => request.operation)
}

describe('update-functions', () => {
  it("replaces the attached version in place, keeping the other layers' order, and waits for the update", async () => {
    await publishFirstVersion(['eu-west-1', 'us-east-1'])
    server.addFunction('eu-west-1', {
      name: 'fn-a',
      layers: [foreign('eu-west-1', 'base', 3), ours('eu-west-1', 1), foreign('eu-west-1', 'tail', 5)],
      updateReads: 2
    })
    server.addFunction('us-east-1', { name: 'fn-a', layers: [ours('us-east-1', 1)], updating: true })
    server.addFunction('us-east-1', { name: 'fn-b', layers: [foreign('us-east-1', 'base', 1), ours('us-east-1', 1)] })
    server.addFunction('eu-west-1', { name: 'fn-b', layers: [ours('eu-west-1', 1)] })

    const run = await runAction(
      inputs(['eu-west-1', 'us-east-1'], {
        description: 'second',
        'update-functions': 'fn-a\narn:aws:lambda:us-east-1:123456789012:function:fn-b'
      }),
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(server.functionState('eu-west-1', 'fn-a')).toMatchObject({
      layers: [foreign('eu-west-1', 'base', 3), ours('eu-west-1', 2), foreign('eu-west-1', 'tail', 5)],
      lastUpdateStatus: 'Successful',
      updates: 1
    })
    expect(server.functionState('us-east-1', 'fn-a')).toMatchObject({ layers: [ours('us-east-1', 2)], updates: 1 })
    expect(server.functionState('us-east-1', 'fn-b')).toMatchObject({
      layers: [foreign('us-east-1', 'base', 1), ours('us-east-1', 2)],
      updates: 1
    })
    // The ARN names a function in us-east-1 only: eu-west-1's fn-b is neither read nor changed.
    expect(server.functionState('eu-west-1', 'fn-b')).toMatchObject({ layers: [ours('eu-west-1', 1)], updates: 0 })
    // Two reads still see InProgress, the third sees Successful: the action waited for it.
    expect(functionCalls('eu-west-1', 'fn-a')).toEqual([
      'GetFunctionConfiguration',
      'UpdateFunctionConfiguration',
      'GetFunctionConfiguration',
      'GetFunctionConfiguration',
      'GetFunctionConfiguration'
    ])
    // us-east-1's fn-a was still being updated by someone else: the action waited before changing it.
    expect(functionCalls('us-east-1', 'fn-a')).toEqual([
      'GetFunctionConfiguration',
      'GetFunctionConfiguration',
      'UpdateFunctionConfiguration',
      'GetFunctionConfiguration',
      'GetFunctionConfiguration'
    ])
    expect(run.stdout).toContain(`eu-west-1: function fn-a replaced (was ${ours('eu-west-1', 1)})`)
    expect(run.summary).toContain('<h3>Functions</h3>')
    expect(run.summary).toContain(
      `<tr><td>eu-west-1</td><td>fn-a</td><td>replaced (was ${ours('eu-west-1', 1)})</td></tr>`
    )
    expect(run.summary).toContain(
      `<tr><td>us-east-1</td><td>arn:aws:lambda:us-east-1:123456789012:function:fn-b</td><td>replaced (was ${ours('us-east-1', 1)})</td></tr>`
    )
  })

  it('refuses a function without the layer unless attach is true, and respects the five-layer limit', async () => {
    await publishFirstVersion(['eu-west-1'])
    const five = [1, 2, 3, 4, 5].map(index => foreign('eu-west-1', `other${index}`, 1))
    server.addFunction('eu-west-1', { name: 'fn-plain', layers: [foreign('eu-west-1', 'base', 2)] })
    server.addFunction('eu-west-1', { name: 'fn-full', layers: five })

    const refused = await runAction(
      inputs(['eu-west-1'], { description: 'second', 'update-functions': 'fn-plain fn-full' }),
      {
        endpoint: server.url
      }
    )
    expect(refused.exitCode).toBe(1)
    expect(JSON.parse(refused.outputs['published-regions'])).toEqual(['eu-west-1'])
    const missing = `does not use layer arn:aws:lambda:eu-west-1:123456789012:layer:fns; set attach: true to add it`
    expect(errorLines(refused)).toEqual([
      `eu-west-1: fn-plain ${missing}`,
      `eu-west-1: fn-full ${missing}`,
      `Updating functions failed: eu-west-1: fn-plain ${missing}; eu-west-1: fn-full ${missing}`
    ])
    expect(refused.summary).toContain(`<td>fn-plain</td><td>❌ eu-west-1: fn-plain ${missing}</td>`)
    expect(server.functionState('eu-west-1', 'fn-plain')?.updates).toBe(0)
    expect(server.requests.filter(request => request.operation === 'UpdateFunctionConfiguration')).toEqual([])

    const attached = await runAction(
      inputs(['eu-west-1'], { description: 'second', 'update-functions': 'fn-plain fn-full', attach: 'true' }),
      {
        endpoint: server.url
      }
    )
    expect(JSON.parse(attached.outputs['reused-regions'])).toEqual(['eu-west-1'])
    expect(server.functionState('eu-west-1', 'fn-plain')).toMatchObject({
      layers: [foreign('eu-west-1', 'base', 2), ours('eu-west-1', 2)],
      updates: 1
    })
    expect(attached.stdout).toContain('eu-west-1: function fn-plain attached')
    expect(server.functionState('eu-west-1', 'fn-full')).toMatchObject({ layers: five, updates: 0 })
    expect(errorLines(attached)).toEqual([
      "eu-west-1: fn-full already has 5 layers, Lambda's limit is 5",
      "Updating functions failed: eu-west-1: fn-full already has 5 layers, Lambda's limit is 5"
    ])
    expect(attached.exitCode).toBe(1)
  })

  it('reports an update that ends Failed, and an ARN naming a function that does not exist', async () => {
    await publishFirstVersion(['eu-west-1'])
    server.addFunction('eu-west-1', {
      name: 'fn-bad',
      layers: [ours('eu-west-1', 1)],
      failUpdate: 'Layer could not be extracted.'
    })
    const run = await runAction(
      inputs(['eu-west-1'], {
        description: 'second',
        'update-functions': 'fn-bad, arn:aws:lambda:eu-west-1:123456789012:function:fn-gone, fn-elsewhere'
      }),
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run).slice(0, 2)).toEqual([
      'eu-west-1: UpdateFunctionConfiguration (fn-bad) failed: Error: update failed: Layer could not be extracted.',
      'eu-west-1: arn:aws:lambda:eu-west-1:123456789012:function:fn-gone does not exist'
    ])
    // A name that no region has is absent there, and a warning says so.
    expect(run.summary).toContain('<tr><td>eu-west-1</td><td>fn-elsewhere</td><td>absent</td></tr>')
    expect(run.stdout).toContain('::warning::update-functions: no function fn-elsewhere in any region published to.')
    expect(server.functionState('eu-west-1', 'fn-bad')?.lastUpdateStatus).toBe('Failed')
  })

  it('with on-region-failure: warn, a function that cannot be updated is a warning and the step passes', async () => {
    await publishFirstVersion(['eu-west-1'])
    server.addFunction('eu-west-1', { name: 'fn-plain', layers: [] })
    const run = await runAction(
      inputs(['eu-west-1'], { description: 'second', 'update-functions': 'fn-plain', 'on-region-failure': 'warn' }),
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(0)
    expect(errorLines(run)).toEqual([])
    const warning =
      'eu-west-1: fn-plain does not use layer arn:aws:lambda:eu-west-1:123456789012:layer:fns; set attach: true to add it'
    expect(run.stdout).toContain(`::warning::${warning}\n`)
    expect(run.stdout).toContain(
      `::warning::Updating functions failed: ${warning} (on-region-failure: warn, so the step passes)`
    )
  })
})
