import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')

const server = useLoopbackServer()

describe('a region that fails', () => {
  it('does not stop the others: they publish and are in the outputs, and the step fails', async () => {
    server.setRegionFaults('us-east-2', { down: true })
    const run = await runAction(
      {
        'layer-name': 'partial',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1 us-east-2 ap-northeast-1',
        source: PREBUILT_FIXTURE,
        install: 'false',
        'retry-timeout': '1'
      },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs['layer-version-arns'])).toEqual({
      'eu-west-1': 'arn:aws:lambda:eu-west-1:123456789012:layer:partial:1',
      'ap-northeast-1': 'arn:aws:lambda:ap-northeast-1:123456789012:layer:partial:1'
    })
    const errors = errorLines(run)
    expect(errors[0]).toMatch(/^us-east-2: ListLayerVersions failed: /)
    expect(errors.at(-1)).toMatch(/^Publishing failed in 1 of 3 region\(s\): us-east-2: ListLayerVersions failed: /)
    expect(run.summary).toMatch(
      /<tr><td>us-east-2<\/td><td>—<\/td><td>—<\/td><td>❌ failed: us-east-2: ListLayerVersions failed: /
    )
    expect(JSON.parse(run.outputs['failed-regions'])).toEqual(['us-east-2'])
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(['eu-west-1', 'ap-northeast-1'])
    expect(server.layerVersions('eu-west-1', 'partial')).toHaveLength(1)
    expect(server.layerVersions('us-east-2', 'partial')).toHaveLength(0)
  })

  it('re-running reuses the unchanged version, and a forced new version gets the same statement ids', async () => {
    const inputs = {
      'layer-name': 'rerun',
      runtime: 'nodejs22.x',
      regions: 'eu-west-1',
      source: PREBUILT_FIXTURE,
      install: 'false',
      principal: '123456789012'
    }
    const first = await runAction(inputs, { endpoint: server.url })
    expect(first.exitCode).toBe(0)
    const again = await runAction(inputs, { endpoint: server.url })
    expect(again.exitCode).toBe(0)
    expect(JSON.parse(again.outputs['reused-regions'])).toEqual(['eu-west-1'])
    expect(again.outputs['layer-version-arn']).toBe(first.outputs['layer-version-arn'])
    expect(server.requests.filter(request => request.operation === 'PublishLayerVersion')).toHaveLength(1)
    const forced = await runAction({ ...inputs, 'skip-unchanged': 'false' }, { endpoint: server.url })
    expect(forced.exitCode).toBe(0)
    expect(server.layerVersions('eu-west-1', 'rerun').map(version => version.version)).toEqual([1, 2])
    for (const version of [1, 2]) {
      expect(server.policy('eu-west-1', 'rerun', version).map(statement => statement.Sid)).toEqual([
        'layer-account-123456789012'
      ])
    }
  })
})
