import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { layerFolder, nodePackage, pythonDistribution } from './helpers/package-layers.js'

const server = useLoopbackServer()

const SHA = '0123456789abcdef0123456789abcdef01234567'
const WORKFLOW_ENV = {
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REPOSITORY: 'octo-org/layers',
  GITHUB_RUN_ID: '4242',
  GITHUB_SERVER_URL: 'https://github.example'
}

function inputs(source: string, extra: Record<string, string> = {}) {
  return { 'layer-name': 'deps', runtime: 'nodejs22.x', regions: 'eu-west-1', source, install: 'false', ...extra }
}

const nodeLayer = (aVersion: string, extra: Record<string, string> = {}) =>
  layerFolder({
    ...nodePackage('alpha', 'alpha', aVersion),
    ...nodePackage('@scope/beta', '@scope/beta', '2.0.0'),
    ...nodePackage('alpha/node_modules/gamma', 'gamma', '3.0.0'),
    // A package.json inside a package folder is no package of its own.
    'nodejs/node_modules/alpha/esm/package.json': '{"type":"module"}',
    ...extra
  })

/** The rows of the summary's "Changes since the version before" table: [change, package, version, folder]. */
function changeRows(summary: string): string[][] {
  const section = summary.split('Changes since the version before')[1] ?? ''
  const table = /<table>([\s\S]*?)<\/table>/.exec(section.split('<h3>')[0])?.[1] ?? ''
  return [...table.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map(row =>
    row.slice(1)
  )
}

function warnings(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::warning::'))
    .map(line => line.slice('::warning::'.length))
}

const getArchive = () => server.requests.filter(request => request.operation === 'GetLayerArchive')

describe('description placeholders from the workflow run', () => {
  it('fills {sha}, {short-sha}, {ref}, {repo}, {run-id}, {run-url} and {region}, and links the commit and run', async () => {
    const source = await nodeLayer('1.0.0')
    const description = '{short-sha} {ref} {repo} run {run-id} {run-url} in {region} of {layer} ({sha})'
    const run = await runAction(inputs(source, { description, regions: 'eu-west-1 us-east-1' }), {
      endpoint: server.url,
      env: WORKFLOW_ENV
    })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    for (const region of ['eu-west-1', 'us-east-1']) {
      expect(server.layerVersions(region, 'deps').map(version => version.description)).toEqual([
        `0123456 refs/heads/main octo-org/layers run 4242 https://github.example/octo-org/layers/actions/runs/4242 in ${region} of deps (${SHA})`
      ])
    }
    expect(run.summary).toContain(
      `Built from commit <a href="https://github.example/octo-org/layers/commit/${SHA}">0123456</a> of octo-org/layers (refs/heads/main) in run <a href="https://github.example/octo-org/layers/actions/runs/4242">4242</a>`
    )
  })

  it('refuses a description over 256 characters once filled, before any call', async () => {
    const source = await nodeLayer('1.0.0')
    const description = `${'x'.repeat(200)} {run-url}`
    expect(description.length).toBeLessThanOrEqual(256)
    const run = await runAction(inputs(source, { description }), { endpoint: server.url, env: WORKFLOW_ENV })
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      'Input "description": 257 characters once the placeholders are filled (eu-west-1); Lambda accepts at most 256.'
    ])
    expect(server.requests).toEqual([])
  })

  it('names the variable a placeholder needs when the run does not set it, and refuses unknown placeholders', async () => {
    const source = await nodeLayer('1.0.0')
    const missing = await runAction(inputs(source, { description: 'from {sha}' }), { endpoint: server.url })
    expect(errorLines(missing)).toEqual([
      'Input "description": {sha} has no value: GITHUB_SHA is not set (GitHub Actions sets it in every workflow run).'
    ])
    const unknown = await runAction(inputs(source, { description: 'from {commit}' }), {
      endpoint: server.url,
      env: WORKFLOW_ENV
    })
    expect(errorLines(unknown)[0]).toMatch(
      /^Input "description": \{commit\} is not a placeholder; expected \{layer\}, /
    )
    expect(server.requests).toEqual([])
  })
})

describe('package manifest', () => {
  it('lists every npm package of a Node.js layer with its folder, nested and scoped ones included', async () => {
    const run = await runAction(inputs(await nodeLayer('1.0.0')), { endpoint: server.url, env: WORKFLOW_ENV })
    expect(run.exitCode).toBe(0)
    const path = run.outputs['package-manifest']
    expect(path).toMatch(/deps-packages\.json$/)
    const manifest = JSON.parse(await readFile(path, 'utf8'))
    expect(manifest).toEqual({
      layerName: 'deps',
      codeSha256: run.outputs['code-sha256'],
      source: {
        repository: 'octo-org/layers',
        sha: SHA,
        ref: 'refs/heads/main',
        runUrl: 'https://github.example/octo-org/layers/actions/runs/4242'
      },
      packages: [
        { name: '@scope/beta', version: '2.0.0', folder: 'nodejs/node_modules/@scope/beta', kind: 'npm' },
        { name: 'alpha', version: '1.0.0', folder: 'nodejs/node_modules/alpha', kind: 'npm' },
        { name: 'gamma', version: '3.0.0', folder: 'nodejs/node_modules/alpha/node_modules/gamma', kind: 'npm' }
      ]
    })
    expect(run.summary).toContain(`Packages: 3 packages (npm 3), listed in ${path}`)
  })

  it('lists the distributions of a Python layer from their METADATA, also with publish: false', async () => {
    const source = await layerFolder({
      ...pythonDistribution('requests', 'requests', '2.31.0'),
      ...pythonDistribution('typing_extensions', 'typing_extensions', '4.12.2')
    })
    const run = await runAction(inputs(source, { runtime: 'python3.12', publish: 'false' }), { endpoint: server.url })
    expect(errorLines(run)).toEqual([])
    const manifest = JSON.parse(await readFile(run.outputs['package-manifest'], 'utf8'))
    const site = 'python/lib/python3.12/site-packages'
    expect(manifest.packages).toEqual([
      { name: 'requests', version: '2.31.0', folder: site, kind: 'python' },
      { name: 'typing_extensions', version: '4.12.2', folder: site, kind: 'python' }
    ])
    expect(manifest.source).toEqual({})
    expect(server.requests).toEqual([])
  })
})

describe('changes since the version before', () => {
  it('says so for the first version, shows exactly the one changed dependency, then says the version was reused', async () => {
    const first = await runAction(inputs(await nodeLayer('1.0.0')), { endpoint: server.url })
    expect(first.exitCode).toBe(0)
    expect(first.summary).toContain('First version of deps in eu-west-1: nothing to compare with.')
    expect(getArchive()).toEqual([])

    const second = await runAction(inputs(await nodeLayer('1.10.0')), { endpoint: server.url })
    expect(errorLines(second)).toEqual([])
    expect(warnings(second)).toEqual([])
    expect(getArchive()).toHaveLength(1)
    expect(second.summary).toContain('Compared with version 1 in eu-west-1, the newest before this run.')
    expect(changeRows(second.summary)).toEqual([['changed', 'alpha', '1.0.0 → 1.10.0', 'nodejs/node_modules/alpha']])
    const [v1, v2] = server.layerVersions('eu-west-1', 'deps')
    const delta = v2.codeSize - v1.codeSize
    expect(delta).not.toBe(0)
    expect(second.summary).toContain(`(${delta > 0 ? '+' : '-'}${Math.abs(delta)} bytes)</p>`)

    server.requests.length = 0
    const third = await runAction(inputs(await nodeLayer('1.10.0')), { endpoint: server.url })
    expect(JSON.parse(third.outputs['reused-regions'])).toEqual(['eu-west-1'])
    expect(third.summary).toContain(
      'No change since version 2 in eu-west-1: same content (CodeSha256), and the version was reused.'
    )
    expect(changeRows(third.summary)).toEqual([])
    expect(getArchive()).toEqual([])
  })

  it('lists added and removed packages, reading the version before in the first region only', async () => {
    const regions = { regions: 'us-east-1 eu-west-1' }
    await runAction(inputs(await nodeLayer('1.0.0'), regions), { endpoint: server.url })
    const source = await layerFolder({
      ...nodePackage('alpha', 'alpha', '1.0.0'),
      ...nodePackage('delta', 'delta', '0.1.0')
    })
    server.requests.length = 0
    const run = await runAction(inputs(source, regions), { endpoint: server.url })
    expect(getArchive()).toHaveLength(1)
    const order = server.requests.map(request => request.operation)
    expect(order.indexOf('GetLayerArchive')).toBeLessThan(order.indexOf('PublishLayerVersion'))
    expect(run.summary).toContain('Compared with version 1 in us-east-1, the newest before this run.')
    expect(changeRows(run.summary)).toEqual([
      ['added', 'delta', '0.1.0', 'nodejs/node_modules/delta'],
      ['removed', '@scope/beta', '2.0.0', 'nodejs/node_modules/@scope/beta'],
      ['removed', 'gamma', '3.0.0', 'nodejs/node_modules/alpha/node_modules/gamma']
    ])
  })

  it.each([
    ['expired', /HTTP 403 Forbidden/],
    ['server-error', /HTTP 500 Internal Server Error/],
    ['drop', /fetch failed/]
  ] as const)(
    'publishes anyway, with a warning, when the download of Content.Location fails (%s)',
    async (fault, reason) => {
      await runAction(inputs(await nodeLayer('1.0.0')), { endpoint: server.url })
      server.setContentUrlFault(fault)
      const run = await runAction(inputs(await nodeLayer('1.1.0')), { endpoint: server.url })
      expect(errorLines(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      expect(JSON.parse(run.outputs['published-regions'])).toEqual(['eu-west-1'])
      expect(server.layerVersions('eu-west-1', 'deps').map(version => version.version)).toEqual([1, 2])
      const warning = warnings(run).find(line => line.startsWith('eu-west-1: packages of version 1 not compared'))
      expect(warning).toMatch(reason)
      expect(warning).not.toContain('X-Amz-Signature')
      expect(run.summary).toContain('⚠️ Packages not compared: downloading its Content.Location failed:')
      expect(changeRows(run.summary)).toEqual([])
    }
  )
})

describe('layer-version-arn', () => {
  it("is the first region's ARN, and empty when the first region failed", async () => {
    const source = await nodeLayer('1.0.0')
    const both = await runAction(inputs(source, { regions: 'us-east-1 eu-west-1' }), { endpoint: server.url })
    expect(both.outputs['layer-version-arn']).toBe('arn:aws:lambda:us-east-1:123456789012:layer:deps:1')

    server.setRegionFaults('ap-south-1', { rejectMessage: 'no' })
    const failed = await runAction(inputs(source, { regions: 'ap-south-1 eu-west-1', 'on-region-failure': 'warn' }), {
      endpoint: server.url
    })
    expect(failed.exitCode).toBe(0)
    expect(JSON.parse(failed.outputs['layer-version-arns'])).toEqual({
      'eu-west-1': 'arn:aws:lambda:eu-west-1:123456789012:layer:deps:1'
    })
    expect(failed.outputs['layer-version-arn']).toBe('')
    expect(warnings(failed)).toContain(
      'Changes since the version before not shown: ap-south-1: ListLayerVersions failed: InvalidParameterValueException: no (HTTP 400)'
    )
    expect(existsSync(failed.outputs['package-manifest'])).toBe(true)
  })
})
