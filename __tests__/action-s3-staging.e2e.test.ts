import { resolve } from 'node:path'
import { rm } from 'node:fs/promises'
import { useLoopbackServer } from './helpers/loopback.js'
import { incompressibleLayerFolder } from './helpers/layer-folders.js'
import { errorLines, runAction } from './helpers/run-action.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const REGIONS = ['eu-west-1', 'us-east-1']
const BUCKET_TEMPLATE = 'layers-{region}-123456789012'
const bucketOf = (region: string) => `layers-${region}-123456789012`

const server = useLoopbackServer()

function inputs(extra: Record<string, string> = {}) {
  return {
    'layer-name': 'staged',
    runtime: 'nodejs22.x',
    regions: REGIONS.join(' '),
    source: PREBUILT_FIXTURE,
    install: 'false',
    's3-bucket': BUCKET_TEMPLATE,
    ...extra
  }
}

function s3Calls(region: string) {
  return server.requests.filter(request => request.service === 's3' && request.region === region)
}

const hexOf = (codeSha256: string) => Buffer.from(codeSha256, 'base64').toString('hex')

describe('publishing through S3', () => {
  it("stages the zip in each region's bucket under a content-hash key, publishes from it and deletes it", async () => {
    for (const region of REGIONS) server.createBucket(region, bucketOf(region))
    const run = await runAction(inputs({ 's3-prefix': 'ci/layers' }), { endpoint: server.url })
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(REGIONS)
    const key = `ci/layers/staged/${hexOf(run.outputs['code-sha256'])}.zip`
    for (const region of REGIONS) {
      expect(s3Calls(region).map(request => [request.operation, request.bucket, request.key, request.status])).toEqual([
        ['PutObject', bucketOf(region), key, 200],
        ['DeleteObject', bucketOf(region), key, 204]
      ])
      const [version] = server.layerVersions(region, 'staged')
      expect(version.codeSha256).toBe(run.outputs['code-sha256'])
      expect(server.s3Keys(bucketOf(region))).toEqual([])
    }
    // The zip went to S3, not in the PublishLayerVersion body: the upload precedes the publish.
    const order = server.requests.filter(request => request.region === 'eu-west-1').map(request => request.operation)
    expect(order.indexOf('PutObject')).toBeLessThan(order.indexOf('PublishLayerVersion'))
    expect(order.indexOf('DeleteObject')).toBeGreaterThan(order.indexOf('PublishLayerVersion'))
  })

  it('keeps the staged object with s3-keep: true, and a re-run of the same zip uploads nothing', async () => {
    for (const region of REGIONS) server.createBucket(region, bucketOf(region))
    const run = await runAction(inputs({ 's3-keep': 'true' }), { endpoint: server.url })
    expect(run.exitCode).toBe(0)
    const key = `staged/${hexOf(run.outputs['code-sha256'])}.zip`
    for (const region of REGIONS) {
      expect(server.s3Keys(bucketOf(region))).toEqual([key])
      expect(server.s3Object(bucketOf(region), key)?.body.length).toBe(Number(run.outputs['code-size']))
    }
    server.requests.length = 0
    const again = await runAction(inputs({ 's3-keep': 'true' }), { endpoint: server.url })
    expect(again.exitCode).toBe(0)
    expect(JSON.parse(again.outputs['reused-regions'])).toEqual(REGIONS)
    expect(server.requests.filter(request => request.service === 's3')).toEqual([])
  })

  it("a missing bucket fails that region with S3's error and the other region still publishes", async () => {
    server.createBucket('eu-west-1', bucketOf('eu-west-1'))
    const run = await runAction(inputs(), { endpoint: server.url })
    expect(run.exitCode).toBe(1)
    expect(JSON.parse(run.outputs['published-regions'])).toEqual(['eu-west-1'])
    expect(JSON.parse(run.outputs['failed-regions'])).toEqual(['us-east-1'])
    expect(errorLines(run)[0]).toMatch(
      /^us-east-1: PutObject \(s3:\/\/layers-us-east-1-123456789012\/staged\/[0-9a-f]{64}\.zip\) failed: NoSuchBucket: The specified bucket does not exist \(HTTP 404\)$/
    )
    expect(run.summary).toMatch(
      /<td>us-east-1<\/td><td>—<\/td><td>—<\/td><td>❌ failed: us-east-1: PutObject \(s3:\/\/layers-us-east-1-123456789012\//
    )
    expect(server.layerVersions('us-east-1', 'staged')).toEqual([])
    expect(s3Calls('us-east-1').map(request => request.operation)).toEqual(['PutObject'])
    expect(run.stdout).not.toContain('::warning::')
  })
})

describe('a zip over the 50 MB direct-upload limit', () => {
  let folder: string
  beforeAll(async () => {
    folder = await incompressibleLayerFolder(51 * 1024 * 1024)
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('without s3-bucket fails before any API call, saying to set s3-bucket', async () => {
    const run = await runAction(
      { 'layer-name': 'huge', runtime: 'nodejs22.x', regions: 'eu-west-1', source: folder, install: 'false' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^Not published: the zip is 51\.\d MiB, over the 50 MiB direct-upload limit; set s3-bucket \(e\.g\. layers-\{region\}-<account>\) to publish it through S3$/
      )
    ])
    expect(server.requests).toEqual([])
  })

  it('with s3-bucket is streamed up in multipart parts of more than 5 MB and published from S3, riding out S3 errors', async () => {
    server.createBucket('eu-west-1', 'huge-layers')
    server.setRegionFaults('eu-west-1', { serverErrors: 2, services: ['s3'] })
    const run = await runAction(
      {
        'layer-name': 'huge',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: folder,
        install: 'false',
        's3-bucket': 'huge-layers'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const zipBytes = Number(run.outputs['code-size'])
    expect(zipBytes).toBeGreaterThan(50 * 1024 * 1024)
    const calls = s3Calls('eu-west-1')
    expect(calls.filter(request => request.status === 500)).toHaveLength(2)
    const answered = calls.filter(request => request.status !== 500)
    const parts = answered.filter(request => request.operation === 'UploadPart')
    expect(answered.map(request => request.operation)).toEqual([
      'CreateMultipartUpload',
      ...Array(parts.length).fill('UploadPart'),
      'CompleteMultipartUpload',
      'DeleteObject'
    ])
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts.slice(0, -1)) expect(part.bytes).toBeGreaterThan(5 * 1024 * 1024)
    expect(parts.reduce((total, part) => total + (part.bytes ?? 0), 0)).toBe(zipBytes)
    const [version] = server.layerVersions('eu-west-1', 'huge')
    expect(version.codeSha256).toBe(run.outputs['code-sha256'])
    expect(version.codeSize).toBe(zipBytes)
    expect(server.s3Keys('huge-layers')).toEqual([])
    expect(server.multipartUploads('huge-layers')).toEqual([])
  }, 60_000)

  it('rides out throttled and failed parts: every S3 call retried within retry-timeout, one line per retry', async () => {
    server.createBucket('eu-west-1', 'huge-layers')
    server.setRegionFaults('eu-west-1', { seed: 3, throttleRate: 0.4, serverErrorRate: 0.1, services: ['s3'] })
    const run = await runAction(
      {
        'layer-name': 'huge',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: folder,
        install: 'false',
        's3-bucket': 'huge-layers'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const calls = s3Calls('eu-west-1')
    const refused = calls.filter(request => request.status === 503 || request.status === 500)
    expect(refused.some(request => request.operation === 'UploadPart')).toBe(true)
    const retries = run.stdout
      .split('\n')
      .filter(line => /^eu-west-1: \w+ (throttled|failed) .*; attempt \d+ in [\d.]+ s$/.test(line))
    expect(retries).toHaveLength(refused.length)
    expect(retries.some(line => line.startsWith('eu-west-1: UploadPart '))).toBe(true)
    expect(server.layerVersions('eu-west-1', 'huge')).toHaveLength(1)
    expect(server.multipartUploads('huge-layers')).toEqual([])
  }, 120_000)
})

describe('s3-bucket that cannot serve every region', () => {
  it('fails with one line naming the input before any build or API call', async () => {
    const run = await runAction(inputs({ 's3-bucket': 'one-bucket' }), { endpoint: server.url })
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      'Input "s3-bucket": "one-bucket" names one bucket for 2 regions, but Lambda reads only from a bucket in its own region; use {region}, e.g. layers-{region}-123456789012.'
    ])
    expect(server.requests).toEqual([])
  })
})
