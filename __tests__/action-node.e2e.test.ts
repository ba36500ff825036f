import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { zipEntryNames } from './helpers/zip-contents.js'

const NODE_FIXTURE = resolve('__tests__/fixtures/node-layer')
const SHARP_FIXTURE = resolve('__tests__/fixtures/sharp-layer')
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2']

const server = useLoopbackServer()

describe('Node.js layer', () => {
  it('installs production dependencies, publishes to three regions and grants each principal', async () => {
    const run = await runAction(
      {
        'layer-name': 'node-deps',
        runtime: 'nodejs22.x',
        regions: REGIONS.join(', '),
        principal: '123456789012\no-abcdefghij12',
        source: NODE_FIXTURE,
        description: 'ms for every function',
        'license-info': 'MIT'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)

    const arns = JSON.parse(run.outputs['layer-version-arns'])
    expect(arns).toEqual(
      Object.fromEntries(REGIONS.map(region => [region, `arn:aws:lambda:${region}:123456789012:layer:node-deps:1`]))
    )
    expect(run.outputs['layer-version-arn']).toBe(arns['eu-west-1'])
    expect(JSON.parse(run.outputs['layer-versions'])).toEqual({ 'eu-west-1': 1, 'us-east-1': 1, 'ap-southeast-2': 1 })

    const zip = await readFile(run.outputs['archive-path'])
    const sha = createHash('sha256').update(zip).digest('base64')
    expect(run.outputs['code-sha256']).toBe(sha)
    expect(run.outputs['code-size']).toBe(String(zip.length))
    const entries = zipEntryNames(zip)
    expect(entries).toContain('nodejs/node_modules/ms/index.js')
    expect(entries).toContain('nodejs/node_modules/ms/package.json')
    expect(entries.some(name => name.includes('is-number'))).toBe(false)
    expect(entries.every(name => name.startsWith('nodejs/'))).toBe(true)

    for (const region of REGIONS) {
      const versions = server.layerVersions(region, 'node-deps')
      expect(versions).toHaveLength(1)
      expect(versions[0]).toMatchObject({
        version: 1,
        codeSha256: sha,
        codeSize: zip.length,
        compatibleRuntimes: ['nodejs22.x'],
        compatibleArchitectures: ['x86_64'],
        description: 'ms for every function',
        licenseInfo: 'MIT'
      })
      expect(versions[0].zip.equals(zip)).toBe(true)
      const statements = server.policy(region, 'node-deps', 1)
      expect(statements.map(statement => statement.Sid).sort()).toEqual([
        'layer-account-123456789012',
        'layer-org-o-abcdefghij12'
      ])
    }

    expect(run.summary).toContain('<tr><th>Region</th><th>LayerVersionArn</th><th>Version</th><th>Status</th></tr>')
    expect(run.summary).toContain(
      `<tr><td>us-east-1</td><td>${arns['us-east-1']}</td><td>1</td><td>✅ published</td></tr>`
    )
    for (const region of REGIONS) expect(run.summary).toContain(arns[region])
    expect(run.stdout).toMatch(/::group::Install nodejs dependencies/)
    expect(run.stdout).toMatch(/Install nodejs dependencies: done in \d+\.\d+s/)
    expect(await readdir(NODE_FIXTURE)).toEqual(['package-lock.json', 'package.json'])
  })

  it('builds the Sharp layer for arm64 on an x86 runner with the arm64 binary only', async () => {
    const run = await runAction(
      {
        'layer-name': 'sharp',
        runtime: 'nodejs22.x',
        architectures: 'arm64',
        regions: 'eu-central-1',
        source: SHARP_FIXTURE
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const entries = zipEntryNames(run.outputs['archive-path'])
    expect(entries).toContain('nodejs/node_modules/@img/sharp-linux-arm64/package.json')
    expect(entries.some(name => name.startsWith('nodejs/node_modules/@img/sharp-libvips-linux-arm64/lib/'))).toBe(true)
    expect(entries.filter(name => /x64|x86_64/.test(name))).toEqual([])
    expect(entries.filter(name => /darwin|win32|musl/.test(name))).toEqual([])
    const [stored] = server.layerVersions('eu-central-1', 'sharp')
    expect(stored.compatibleArchitectures).toEqual(['arm64'])
    expect(await readdir(SHARP_FIXTURE)).toEqual(['package-lock.json', 'package.json'])
  })
})
