import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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

describe('bad input', () => {
  it.each([
    [
      { runtime: 'nodejs12.x' },
      /^Input "runtime": "nodejs12.x" is a deprecated Lambda runtime this action does not build for; use nodejs22.x, nodejs24.x\.$/
    ],
    [
      { runtime: 'go1.x' },
      /^Input "runtime": "go1.x" is a deprecated Lambda runtime this action does not build for \(Go functions run on provided.al2023 as an executable named bootstrap\); use provided.al2, provided.al2023\.$/
    ],
    [
      { 'node-path-style': 'nested' },
      /^Input "node-path-style": "nested" is not a path style; expected standard \(nodejs\/node_modules\) or versioned \(nodejs\/nodeNN\/node_modules\)\.$/
    ],
    [
      { architectures: 'amd64' },
      /^Input "architectures": "amd64" is not an architecture; expected x86_64, arm64 or both\.$/
    ],
    [{ regions: 'eu-west' }, /^Input "regions": "eu-west" is not a region code; expected codes like eu-west-1/],
    [{ principal: 'o-123' }, /^Input "principal": "o-123" is not a principal; expected "\*", a 12-digit account id/],
    [{ 'layer-name': 'my layer' }, /^Input "layer-name": "my layer" is not a valid layer name/],
    [
      { source: '/nonexistent/folder' },
      /^Input "source": no folder at \/nonexistent\/folder; expected the folder holding the manifest/
    ],
    [
      { archive: '/nonexistent/layer.zip' },
      /^Input "archive": no file at \/nonexistent\/layer.zip; expected the path of an existing .zip/
    ],
    [
      { runtime: 'ruby3.4' },
      /^Input "source": .*prebuilt-layer has no manifest; ruby3.4 needs Gemfile or gems.rb \(or set install: false/
    ]
  ])('case %# fails with one line naming the input and calls no API', async (override, message) => {
    const run = await runAction(
      { 'layer-name': 'bad', runtime: 'nodejs22.x', regions: 'eu-west-1', source: PREBUILT_FIXTURE, ...override },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(message)
    expect(errors[0]).not.toContain('\n')
    expect(server.requests).toEqual([])
  })

  it('refuses a source whose manifest is of another family', async () => {
    const source = await mkdtemp(join(tmpdir(), 'wrong-family-'))
    await writeFile(join(source, 'package.json'), '{"dependencies":{"ms":"2.1.3"}}')
    const run = await runAction(
      { 'layer-name': 'bad', runtime: 'python3.12', regions: 'eu-west-1', source },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `Input "source": ${source} has package.json (nodejs); python3.12 needs requirements.txt or pyproject.toml or Pipfile.lock (or set install: false to zip the folder as it is).`
    ])
    expect(server.requests).toEqual([])
  })

  it('refuses a file that is not a zip', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'not-zip-'))
    await writeFile(join(folder, 'layer.zip'), 'plain text')
    const run = await runAction(
      { 'layer-name': 'bad', runtime: 'nodejs22.x', regions: 'eu-west-1', archive: join(folder, 'layer.zip') },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)[0]).toMatch(/^Input "archive": .*layer.zip is not a readable zip file/)
    expect(server.requests).toEqual([])
  })
})
