import AdmZip from 'adm-zip'
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { wheelhouse } from './helpers/wheels.js'
import { zipEntryNames } from './helpers/zip-contents.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')

const server = useLoopbackServer()

describe('Python layer', () => {
  it('installs wheels for the runtime Python and arm64 from local wheels, whatever Python the runner has', async () => {
    const wheels = await wheelhouse()
    const source = await mkdtemp(join(tmpdir(), 'python-source-'))
    await writeFile(join(source, 'requirements.txt'), 'native-demo==2.0.0\n')
    const run = await runAction(
      { 'layer-name': 'py-native', runtime: 'python3.12', architectures: 'arm64', regions: 'us-west-2', source },
      { endpoint: server.url, env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const entries = zipEntryNames(run.outputs['archive-path'])
    const sitePackages = 'python/lib/python3.12/site-packages'
    expect(entries).toContain(`${sitePackages}/native_demo/_native.cpython-312-aarch64-linux-gnu.so`)
    expect(entries).toContain(`${sitePackages}/demo_pure/__init__.py`)
    expect(entries.filter(name => name.includes('x86_64'))).toEqual([])
    expect(entries.filter(name => name.endsWith('.pyc'))).toEqual([])
    expect(JSON.parse(run.outputs['layer-version-arns'])).toEqual({
      'us-west-2': 'arn:aws:lambda:us-west-2:123456789012:layer:py-native:1'
    })
    expect(server.layerVersions('us-west-2', 'py-native')[0]).toMatchObject({
      compatibleRuntimes: ['python3.12'],
      compatibleArchitectures: ['arm64']
    })
    expect(await readdir(source)).toEqual(['requirements.txt'])
  })

  it('reads dependencies from pyproject.toml', async () => {
    const wheels = await wheelhouse()
    const source = await mkdtemp(join(tmpdir(), 'pyproject-source-'))
    await writeFile(
      join(source, 'pyproject.toml'),
      '[project]\nname = "mine"\nversion = "0.1"\ndependencies = ["demo-pure==1.0.0"]\n'
    )
    const run = await runAction(
      { 'layer-name': 'py-pure', runtime: 'python3.13', regions: 'eu-west-1', source, publish: 'false' },
      { env: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels } }
    )
    expect(errorLines(run)).toEqual([])
    expect(zipEntryNames(run.outputs['archive-path'])).toContain(
      'python/lib/python3.13/site-packages/demo_pure/__init__.py'
    )
  })
})

describe('prebuilt folder', () => {
  it('zips source as the layer root when install is false', async () => {
    const run = await runAction(
      {
        'layer-name': 'prebuilt',
        runtime: 'nodejs20.x',
        regions: 'eu-west-1 eu-west-2',
        source: PREBUILT_FIXTURE,
        install: 'false'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(zipEntryNames(run.outputs['archive-path'])).toEqual([
      'nodejs/',
      'nodejs/node_modules/',
      'nodejs/node_modules/greeting/',
      'nodejs/node_modules/greeting/index.js',
      'nodejs/node_modules/greeting/package.json'
    ])
    expect(server.layerVersions('eu-west-2', 'prebuilt')).toHaveLength(1)
    expect(server.policy('eu-west-2', 'prebuilt', 1)).toEqual([])
    expect(JSON.parse(run.outputs['layer-version-arns'])).toEqual({
      'eu-west-1': 'arn:aws:lambda:eu-west-1:123456789012:layer:prebuilt:1',
      'eu-west-2': 'arn:aws:lambda:eu-west-2:123456789012:layer:prebuilt:1'
    })
    expect(JSON.parse(run.outputs['layer-versions'])).toEqual({ 'eu-west-1': 1, 'eu-west-2': 1 })
    expect(run.outputs['layer-version-arn']).toBe('arn:aws:lambda:eu-west-1:123456789012:layer:prebuilt:1')
    expect(run.outputs['code-sha256']).toBe(server.layerVersions('eu-west-1', 'prebuilt')[0].codeSha256)
    expect(run.stdout).toContain(
      '::warning::nodejs20.x was deprecated by Lambda on 2026-04-30: new functions cannot use it and updates stop soon after; move to nodejs22.x, nodejs24.x.'
    )
  })
})

describe('existing archive', () => {
  it('publishes the zip byte for byte', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'archive-'))
    const zip = new AdmZip()
    zip.addFile('bin/tool', Buffer.from('#!/bin/sh\necho tool\n'), '', 0o755)
    zip.addFile('lib/libtool.so', Buffer.from('not really a library'), '', 0o755)
    const archivePath = join(folder, 'custom.zip')
    zip.writeZip(archivePath)
    const bytes = await readFile(archivePath)

    const run = await runAction(
      {
        'layer-name': 'custom-runtime-tools',
        runtime: 'provided.al2023',
        regions: 'sa-east-1',
        archive: archivePath,
        principal: '*'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(
      /::warning::principal "\*" makes every version of custom-runtime-tools published by this step public/
    )
    expect(run.outputs['archive-path']).toBe(archivePath)
    const [stored] = server.layerVersions('sa-east-1', 'custom-runtime-tools')
    expect(stored.zip.equals(bytes)).toBe(true)
    expect(run.outputs['code-sha256']).toBe(stored.codeSha256)
    expect(server.policy('sa-east-1', 'custom-runtime-tools', 1)).toEqual([
      expect.objectContaining({ Sid: 'layer-public', Principal: '*', Action: 'lambda:GetLayerVersion' })
    ])
  })

  it('refuses an archive the runtime would find nothing in, before any API call', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'archive-'))
    const zip = new AdmZip()
    zip.addFile('node_modules/ms/index.js', Buffer.from('module.exports = 1'))
    const archivePath = join(folder, 'flat.zip')
    zip.writeZip(archivePath)
    const run = await runAction(
      { 'layer-name': 'flat', runtime: 'nodejs22.x', regions: 'eu-west-1', archive: archivePath },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      'Input "archive": nothing in the layer is where nodejs22.x loads from (/opt/nodejs/node_modules or /opt/nodejs/node22/node_modules or /opt/bin or /opt/lib); its top level holds node_modules.'
    ])
    expect(server.requests).toEqual([])
  })
})

describe('publish: false', () => {
  it('builds and reports without calling any AWS API', async () => {
    const source = await mkdtemp(join(tmpdir(), 'nopublish-'))
    await mkdir(join(source, 'python'))
    await writeFile(join(source, 'python/helpers.py'), 'def helper():\n    return 1\n')
    const run = await runAction(
      {
        'layer-name': 'dry-run',
        runtime: 'python3.11',
        regions: 'eu-west-1',
        source,
        install: 'false',
        publish: 'false'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(server.requests).toEqual([])
    expect(run.outputs['layer-version-arns']).toBe('{}')
    expect(run.outputs['layer-version-arn']).toBe('')
    expect(zipEntryNames(run.outputs['archive-path'])).toEqual(['python/', 'python/helpers.py'])
    expect(Number(run.outputs['unzipped-size'])).toBe('def helper():\n    return 1\n'.length)
    expect(run.summary).toContain('Not published: publish is false.')
  })
})
