import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { incompressibleLayerFolder } from './helpers/layer-folders.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')

const server = useLoopbackServer()

const base = { 'layer-name': 'account', runtime: 'nodejs22.x', source: PREBUILT_FIXTURE, install: 'false' }

/** Files the run left in its RUNNER_TEMP: none when it stopped before building or packing anything. */
async function builtFiles(run: ActionRun): Promise<string[]> {
  const entries = await readdir(join(run.runnerTemp, 'temp'), { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter(entry => !entry.isDirectory()).map(entry => entry.name)
}

const accountOperations = () => server.accountRequests.map(request => `${request.service} ${request.operation}`)

/** Stopped before the build with exactly this one error line: nothing built, no publishing request, no output. */
async function expectStoppedBeforeBuild(run: ActionRun, says: RegExp): Promise<void> {
  expect(run.exitCode).toBe(1)
  const errors = errorLines(run)
  expect(errors).toHaveLength(1)
  expect(errors[0]).not.toContain('\n')
  expect(errors[0]).toMatch(says)
  expect(server.requests).toEqual([])
  expect(run.outputs).toEqual({})
  expect(run.stdout).not.toContain('Package layer')
  expect(await builtFiles(run)).toEqual([])
}

describe('credentials before the build', () => {
  it('none at all: fails fast in one line naming the fix; nothing built, no request of any kind', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-credentials-'))
    const run = await runAction(
      { ...base, regions: 'eu-west-1' },
      {
        endpoint: server.url,
        env: {
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
          AWS_SESSION_TOKEN: undefined,
          AWS_SHARED_CREDENTIALS_FILE: join(empty, 'credentials'),
          AWS_CONFIG_FILE: join(empty, 'config'),
          AWS_EC2_METADATA_DISABLED: 'true',
          HOME: empty
        }
      }
    )
    await expectStoppedBeforeBuild(
      run,
      /^No AWS credentials found \(CredentialsProviderError: .*\); add aws-actions\/configure-aws-credentials before this step, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/
    )
    expect(server.accountRequests).toEqual([])
  })

  it('refused by STS: one line with STS’s reason and the fix, no publishing request', async () => {
    server.setCallerIdentity({ refuse: 'ExpiredToken' })
    const run = await runAction({ ...base, regions: 'eu-west-1 us-east-1' }, { endpoint: server.url })
    await expectStoppedBeforeBuild(
      run,
      /^AWS credentials refused by STS GetCallerIdentity in eu-west-1 \(ExpiredToken.*expired.*HTTP 400\); add aws-actions\/configure-aws-credentials before this step/
    )
    expect(accountOperations()).toEqual(['sts GetCallerIdentity'])
  })

  it('checked once in the first region, then the layer is published as before', async () => {
    const run = await runAction({ ...base, regions: 'eu-west-1 us-east-1' }, { endpoint: server.url })
    expect(run.exitCode).toBe(0)
    expect(server.accountRequests.map(request => [request.operation, request.region, request.status])).toEqual([
      ['GetCallerIdentity', 'eu-west-1', 200]
    ])
    expect(run.stdout).toContain('AWS credentials: arn:aws:sts::123456789012:assumed-role/')
    expect(server.regions()).toEqual(['eu-west-1', 'us-east-1'])
  })
})

describe('inputs checked against the account before the build', () => {
  it('a function ARN of another account is refused', async () => {
    const run = await runAction(
      {
        ...base,
        regions: 'eu-west-1',
        'update-functions': 'arn:aws:lambda:eu-west-1:210987654321:function:api'
      },
      { endpoint: server.url }
    )
    await expectStoppedBeforeBuild(
      run,
      /^Input "update-functions": "arn:aws:lambda:eu-west-1:210987654321:function:api" is in account 210987654321 \(aws\), but the credentials are of account 123456789012 \(aws\)/
    )
    expect(accountOperations()).toEqual(['sts GetCallerIdentity'])
  })

  it('a function ARN of the account is accepted and updated', async () => {
    const arn = server.addFunction('eu-west-1', { name: 'api', runtime: 'nodejs22.x', layers: [] })
    const run = await runAction(
      { ...base, regions: 'eu-west-1', 'update-functions': arn, attach: 'true' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(0)
    expect(server.functionState('eu-west-1', 'api')?.layers).toHaveLength(1)
  })

  it('a principal of another partition than the credentials is refused (regions: all in China)', async () => {
    const run = await runAction(
      { ...base, regions: 'all', principal: 'arn:aws:iam::210987654321:root' },
      { endpoint: server.url, env: { AWS_REGION: 'cn-north-1' } }
    )
    await expectStoppedBeforeBuild(
      run,
      /^Input "principal": "arn:aws:iam::210987654321:root" is in partition aws, but the credentials and regions are in aws-cn; expected arn:aws-cn:iam::<account-id>:root/
    )
    expect(server.accountRequests.map(request => [request.operation, request.region])).toEqual([
      ['GetCallerIdentity', 'cn-north-1'],
      ['ListRegions', 'cn-north-1']
    ])
  })
})

describe('regions: all', () => {
  const ACCOUNT_REGIONS = [
    { name: 'us-east-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'us-west-2', status: 'ENABLED_BY_DEFAULT' },
    { name: 'us-east-2', status: 'ENABLED_BY_DEFAULT' },
    { name: 'us-west-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'ca-central-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'eu-west-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'eu-central-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'ap-south-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'sa-east-1', status: 'ENABLED_BY_DEFAULT' },
    { name: 'af-south-1', status: 'ENABLED' },
    { name: 'me-central-1', status: 'ENABLED' },
    { name: 'ap-east-1', status: 'DISABLED' },
    { name: 'me-south-1', status: 'DISABLED' },
    { name: 'eu-south-1', status: 'ENABLING' },
    { name: 'il-central-1', status: 'DISABLING' },
    { name: 'ap-southeast-3', status: 'ENABLED' },
    { name: 'cn-north-1', status: 'ENABLED_BY_DEFAULT' }
  ] as const
  /** Sorted; more than the loopback's page of 10, so ListRegions is read in two pages. */
  const EXPECTED = ['af-south-1', 'ap-south-1', 'ap-southeast-3', 'ca-central-1', 'eu-central-1', 'eu-west-1']
  EXPECTED.push('me-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2')

  it('publishes to every enabled region, opt-in ones only when enabled, listed page by page', async () => {
    server.setAccountRegions([...ACCOUNT_REGIONS])
    const run = await runAction({ ...base, regions: 'all' }, { endpoint: server.url, env: { AWS_REGION: 'eu-west-1' } })
    expect(run.exitCode).toBe(0)
    expect(server.regions()).toEqual(EXPECTED)
    expect(Object.keys(JSON.parse(run.outputs['layer-version-arns'])).sort()).toEqual(EXPECTED)
    expect(run.stdout).toContain(
      `regions: all is ${EXPECTED.length} region(s) enabled for the account: ${EXPECTED.join(', ')}`
    )
    expect(run.summary).toContain(`Regions: all, ${EXPECTED.length} enabled for the account: ${EXPECTED.join(', ')}`)
    expect(server.accountRequests.map(request => [request.operation, request.region, request.status])).toEqual([
      ['GetCallerIdentity', 'eu-west-1', 200],
      ['ListRegions', 'eu-west-1', 200],
      ['ListRegions', 'eu-west-1', 200]
    ])
  })

  it('a ListRegions the role may not call fails in one line naming account:ListRegions, before the build', async () => {
    server.setAccountFailure({
      status: 403,
      type: 'AccessDeniedException',
      message: 'User is not authorized to perform: account:ListRegions'
    })
    const run = await runAction({ ...base, regions: 'all' }, { endpoint: server.url })
    await expectStoppedBeforeBuild(
      run,
      /^Input "regions": all needs the account's enabled regions, but Account ListRegions failed \(AccessDeniedException: .*\); expected the role to allow account:ListRegions, or a list of regions\.$/
    )
  })

  it('checks function ARNs against the resolved regions', async () => {
    server.setAccountRegions([...ACCOUNT_REGIONS])
    const run = await runAction(
      { ...base, regions: 'all', 'update-functions': 'arn:aws:lambda:me-south-1:123456789012:function:api' },
      { endpoint: server.url, env: { AWS_REGION: 'us-east-1' } }
    )
    await expectStoppedBeforeBuild(
      run,
      /^Input "update-functions": ".*" is in me-south-1, which is not enabled for the account \(regions: all found 12\)/
    )
  })
})

describe('publish: false', () => {
  it('needs no region and no credentials, and makes no request', async () => {
    const run = await runAction(
      { ...base, regions: '', publish: 'false' },
      { endpoint: server.url, env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } }
    )
    expect(run.exitCode).toBe(0)
    expect(errorLines(run)).toEqual([])
    expect(run.summary).toContain('Not published: publish is false.')
    expect(run.outputs['code-sha256']).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(server.requests).toEqual([])
    expect(server.accountRequests).toEqual([])
  })

  describe('a zip over the 50 MB direct-upload limit', () => {
    let folder: string
    beforeAll(async () => {
      folder = await incompressibleLayerFolder(51 * 1024 * 1024)
    })
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true })
    })

    it('is a warning, not a failure', async () => {
      const run = await runAction({ ...base, source: folder, regions: '', publish: 'false' }, { endpoint: server.url })
      expect(run.exitCode).toBe(0)
      expect(errorLines(run)).toEqual([])
      expect(run.stdout).toMatch(
        /::warning::publish is false, but a publish would fail: the zip is 51\.\d MiB, over the 50 MiB direct-upload limit/
      )
      expect(run.summary).toContain('publish is false, but a publish would fail')
      expect(Number(run.outputs['code-size'])).toBeGreaterThan(50 * 1024 * 1024)
    })
  })
})

describe('exclude that leaves nothing', () => {
  it('fails naming exclude, before anything is published', async () => {
    const source = await mkdtemp(join(tmpdir(), 'exclude-all-'))
    await mkdir(join(source, 'nodejs/node_modules/a'), { recursive: true })
    await writeFile(join(source, 'nodejs/node_modules/a/index.js'), 'module.exports = 1\n')
    await writeFile(join(source, 'nodejs/node_modules/a/README.md'), '# a\n')
    const run = await runAction(
      { ...base, source, regions: 'eu-west-1', exclude: '**/*.js **/*.md' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^Input "exclude": "\*\*\/\*\.js", "\*\*\/\*\.md" left out every file of the layer \(\d+ entries\), so nothing would be published; expected patterns that match only what to leave out/
      )
    ])
    expect(server.requests).toEqual([])
  })
})

describe('bad inputs fail before any call, the credentials check included', () => {
  const deep = `/${Array.from({ length: 16 }, (_, index) => `level${index}`).join('/')}`
  it.each([
    ['s3-bucket', { 's3-bucket': 'xn--bucket' }, /"xn--bucket" is not a bucket name; .*; it starts with xn--/],
    [
      's3-bucket',
      { 's3-bucket': '192.168.1.1' },
      /"192\.168\.1\.1" is not a bucket name; .*; it is formatted as an IP/
    ],
    ['exclude', { exclude: '[abc' }, /"\[abc" is not a glob: the \[ of "\[abc" opens no character class/],
    ['s3-prefix', { 's3-prefix': 'ci' }, /applies to the zip staged in S3, but s3-bucket is empty/],
    ['s3-keep', { 's3-keep': 'true' }, /applies to the zip staged in S3, but s3-bucket is empty/],
    ['ssm-parameter', { 'ssm-parameter': deep }, /has 16 levels, deeper than the 15 SSM allows/],
    ['ssm-parameter', { 'ssm-parameter': '/ssm/{layer}' }, /outside the reserved \/aws and \/ssm prefixes/],
    [
      'principal',
      { principal: 'arn:aws-us-gov:iam::210987654321:root' },
      /is in partition aws-us-gov, but the regions/
    ],
    ['regions', { regions: 'eu-west-1 us-gov-west-1' }, /the regions span partitions/]
  ])('%s %j', async (input, given, says) => {
    const run = await runAction({ ...base, regions: 'eu-west-1', ...given }, { endpoint: server.url })
    await expectStoppedBeforeBuild(run, new RegExp(`^Input "${input}": .*${says.source}`))
    expect(server.accountRequests).toEqual([])
  })

  it('compatible-runtimes of another family is a warning, and the layer is published', async () => {
    const run = await runAction(
      { ...base, regions: 'eu-west-1', 'compatible-runtimes': 'nodejs22.x python3.12' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(
      /::warning::compatible-runtimes lists python3\.12, but nothing in the layer is where python3\.12 loads from \(\/opt\/python\/lib\/python3\.12\/site-packages, \/opt\/python, \/opt\/bin, \/opt\/lib\); a function on python3\.12 would not find these packages\./
    )
    expect(server.layerVersions('eu-west-1', 'account')[0].compatibleRuntimes).toEqual(['nodejs22.x', 'python3.12'])
  })
})
