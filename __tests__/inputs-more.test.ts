import { readInputs } from '../src/inputs/read-inputs.js'
import { findRuntime, type LambdaRuntime } from '../src/model/runtimes.js'
import { bucketNameProblem } from '../src/model/s3-bucket-name.js'
import { partitionOfArn, partitionOfRegion } from '../src/model/partition.js'
import { checkAgainstAccount, type AccountCheckOptions } from '../src/preflight/account-checks.js'
import { credentialsFailure } from '../src/preflight/caller-identity.js'
import { identityRegion } from '../src/preflight/preflight.js'
import { checkArchive } from '../src/checks/check-archive.js'
import type { ProducedArchive } from '../src/package/produce-archive.js'
import type { BuildPlan } from '../src/plan/plan.js'

function reader(values: Record<string, string>) {
  return (name: string) => values[name] ?? ''
}

const required = { 'layer-name': 'my-layer', runtime: 'nodejs22.x', regions: 'eu-west-1' }

/** The one-line error readInputs throws for these inputs (on top of the required ones). */
function inputError(given: Record<string, string>, env: NodeJS.ProcessEnv = {}): string {
  try {
    readInputs(reader({ ...required, ...given }), env)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`accepted ${JSON.stringify(given)}`)
}

describe('s3-bucket: every name S3 refuses for a general purpose bucket', () => {
  it.each([
    ['xn--bucket', /it starts with xn--, a prefix S3 reserves/],
    ['sthree-layers', /it starts with sthree-, a prefix S3 reserves/],
    ['amzn-s3-demo-layers', /it starts with amzn-s3-demo-, a prefix S3 reserves/],
    ['layers-s3alias', /it ends with -s3alias, a suffix S3 reserves/],
    ['layers--ol-s3', /it ends with --ol-s3, a suffix S3 reserves/],
    ['layers.mrap', /it ends with \.mrap, a suffix S3 reserves/],
    ['layers--x-s3', /it ends with --x-s3, a suffix S3 reserves/],
    ['layers--table-s3', /it ends with --table-s3, a suffix S3 reserves/],
    ['192.168.1.1', /it is formatted as an IP address/],
    ['layers..eu', /it has two adjacent dots/],
    ['layers.-eu', /it has a dot next to a hyphen/],
    ['layers-.eu', /it has a dot next to a hyphen/],
    ['ab', /it is 2 characters long/],
    ['a'.repeat(64), /it is 64 characters long/],
    ['Layers', /it has a character other than lowercase letters, digits, dots and hyphens/],
    ['layers_eu', /it has a character other than/],
    ['-layers', /it does not start and end with a letter or digit/],
    ['layers.', /it does not start and end with a letter or digit/]
  ])('%s is refused in one line naming s3-bucket and the accepted forms', (bucket, says) => {
    const message = inputError({ 's3-bucket': bucket })
    expect(message).toMatch(
      /^Input "s3-bucket": ".*" is not a bucket name; expected 3-63 lowercase letters, digits, dots or hyphens/
    )
    expect(message).toMatch(says)
    expect(message).not.toContain('\n')
  })

  it.each(['layers-123456789012-eu-west-1', 'my.layers.bucket', 'a1b', 'xn-layers', 'layers-s3alias-eu', '1.2.3'])(
    'accepts %s',
    bucket => {
      expect(bucketNameProblem(bucket)).toBeUndefined()
      expect(readInputs(reader({ ...required, 's3-bucket': bucket }), {}).s3Bucket).toBe(bucket)
    }
  )

  it('checks the name of every region the template expands to', () => {
    expect(inputError({ regions: 'eu-west-1 us-east-1', 's3-bucket': 'xn--{region}' })).toMatch(
      /"xn--eu-west-1" is not a bucket name; .*; it starts with xn--/
    )
  })

  it('with regions: all, asks for {region} and checks a sample expansion', () => {
    expect(inputError({ regions: 'all', 's3-bucket': 'my-layers' })).toMatch(
      /^Input "s3-bucket": "my-layers" names one bucket for every enabled region \(regions: all\).*use \{region\}/
    )
    expect(inputError({ regions: 'all', 's3-bucket': '{region}--x-s3' })).toMatch(/ends with --x-s3/)
  })
})

describe('s3-prefix and s3-keep without s3-bucket', () => {
  it.each([
    [{ 's3-prefix': 'ci/layers' }, 's3-prefix'],
    [{ 's3-keep': 'true' }, 's3-keep']
  ])('%j is refused naming the input', (given, input) => {
    expect(inputError(given)).toMatch(
      new RegExp(
        `^Input "${input}": applies to the zip staged in S3, but s3-bucket is empty; set s3-bucket .* or remove ${input}\\.$`
      )
    )
  })

  it('accepts them with a bucket, and s3-keep: false without one', () => {
    const inputs = readInputs(
      reader({ ...required, 's3-bucket': 'layers-{region}', 's3-prefix': 'ci', 's3-keep': 'true' }),
      {}
    )
    expect(inputs).toMatchObject({ s3Prefix: 'ci/', s3Keep: true })
    expect(readInputs(reader({ ...required, 's3-keep': 'false' }), {}).s3Keep).toBe(false)
  })
})

describe('exclude: malformed globs, found by minimatch', () => {
  it.each(['[abc', '**/[abc/**', 'nodejs/{a,[b}/x', '[]'])('%s is refused naming exclude', pattern => {
    const message = inputError({ exclude: pattern })
    expect(message).toMatch(/^Input "exclude": ".*" is not a glob: the \[ of ".*" opens no character class/)
    expect(message).toMatch(/expected a closed class like \*\.\[ch\] or an escaped \\\[/)
  })

  it.each(['**/*.[ch]', 'a[b].txt', '\\[abc', '[[]abc', '[!a]', '**/tests/**', '**/*.{md,txt}'])(
    'accepts %s',
    pattern => {
      expect(readInputs(reader({ ...required, exclude: pattern }), {}).exclude).toEqual([pattern])
    }
  )
})

describe('ssm-parameter: SSM limits', () => {
  it('refuses a name deeper than 15 levels, saying so', () => {
    const deep = `/${Array.from({ length: 16 }, (_, index) => `l${index}`).join('/')}`
    expect(inputError({ 'ssm-parameter': deep })).toMatch(
      /^Input "ssm-parameter": ".*" has 16 levels, deeper than the 15 SSM allows; expected at most 15/
    )
    const fifteen = `/${Array.from({ length: 15 }, (_, index) => `l${index}`).join('/')}`
    expect(readInputs(reader({ ...required, 'ssm-parameter': fifteen }), {}).ssmParameter).toBe(fifteen)
  })

  it.each(['/aws/layers/{layer}', '/ssm/{layer}', '/AWS/x', 'awsconfig', '/SSM-layers/x'])(
    '%s is under a reserved prefix, said explicitly',
    name => {
      expect(inputError({ 'ssm-parameter': name })).toMatch(
        /^Input "ssm-parameter": ".*" is not a parameter name; .*outside the reserved \/aws and \/ssm prefixes: SSM keeps names starting with aws or ssm \(any case\) for itself/
      )
    }
  )

  it('checks a sample name when no region is known (publish: false without regions)', () => {
    const inputs = readInputs(
      reader({ ...required, regions: '', publish: 'false', 'ssm-parameter': '/layers/{layer}/{region}' }),
      {}
    )
    expect(inputs.ssmParameter).toBe('/layers/{layer}/{region}')
  })
})

describe('regions', () => {
  it('all stands alone and is resolved later', () => {
    expect(readInputs(reader({ ...required, regions: 'all' }), {})).toMatchObject({ regions: [], allRegions: true })
    expect(inputError({ regions: 'all eu-west-1' })).toMatch(/^Input "regions": all stands for every region enabled/)
  })

  it('publish: false needs no region', () => {
    expect(readInputs(reader({ ...required, regions: '', publish: 'false' }), {})).toMatchObject({
      regions: [],
      allRegions: false,
      publish: false
    })
    expect(inputError({ regions: '' })).toMatch(/^Input "regions": no region given/)
  })

  it('refuses regions of several partitions, which one set of credentials cannot reach', () => {
    expect(inputError({ regions: 'eu-west-1 cn-north-1' })).toMatch(
      /^Input "regions": the regions span partitions, .*: eu-west-1 \(aws\); cn-north-1 \(aws-cn\); expected regions of one partition/
    )
  })

  it('knows the partitions of the SDK table, European Sovereign Cloud included', () => {
    expect(['us-east-1', 'cn-northwest-1', 'us-gov-west-1', 'eusc-de-east-1'].map(partitionOfRegion)).toEqual([
      'aws',
      'aws-cn',
      'aws-us-gov',
      'aws-eusc'
    ])
    expect(readInputs(reader({ ...required, regions: 'eusc-de-east-1' }), {}).regions).toEqual(['eusc-de-east-1'])
    expect(partitionOfArn('arn:aws-us-gov:iam::123456789012:root')).toBe('aws-us-gov')
    expect(partitionOfArn('123456789012')).toBeUndefined()
  })
})

describe('principal and update-functions partitions', () => {
  it('refuses a principal ARN of another partition than the regions', () => {
    expect(inputError({ principal: 'arn:aws-cn:iam::123456789012:root' })).toMatch(
      /^Input "principal": "arn:aws-cn:iam::123456789012:root" is in partition aws-cn, but the regions \(eu-west-1\) are in aws; expected arn:aws:iam::<account-id>:root/
    )
    expect(
      readInputs(reader({ ...required, regions: 'cn-north-1', principal: 'arn:aws-cn:iam::123456789012:root' }), {})
        .grants
    ).toHaveLength(1)
  })

  it('refuses a function ARN whose partition is not its region’s', () => {
    expect(inputError({ 'update-functions': 'arn:aws-cn:lambda:eu-west-1:123456789012:function:api' })).toMatch(
      /^Input "update-functions": ".*" names partition aws-cn, but eu-west-1 is in aws; expected arn:aws:lambda:eu-west-1:/
    )
  })

  it('with regions: all, leaves function ARNs to the account check', () => {
    const inputs = readInputs(
      reader({
        ...required,
        regions: 'all',
        'update-functions': 'arn:aws:lambda:ap-south-1:123456789012:function:api'
      }),
      {}
    )
    expect(inputs.functions).toEqual([
      { name: 'arn:aws:lambda:ap-south-1:123456789012:function:api', region: 'ap-south-1' }
    ])
  })
})

describe('the account check before the build', () => {
  const identity = { account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/r/s', partition: 'aws' }
  const options = (extra: Partial<AccountCheckOptions>): AccountCheckOptions => ({
    regions: ['eu-west-1'],
    allRegions: false,
    grants: [],
    functions: [],
    ...extra
  })
  const failure = (extra: Partial<AccountCheckOptions>, who = identity) => {
    try {
      checkAgainstAccount(options(extra), who)
    } catch (error) {
      return (error as Error).message
    }
    return 'accepted'
  }

  it('accepts the account’s own functions and principals of its partition', () => {
    expect(
      failure({
        functions: [
          { name: 'arn:aws:lambda:eu-west-1:123456789012:function:api', region: 'eu-west-1' },
          { name: 'worker' }
        ],
        grants: [{ statementId: 'layer-account-210987654321', principal: 'arn:aws:iam::210987654321:root' }]
      })
    ).toBe('accepted')
  })

  it('refuses a function ARN of another account', () => {
    expect(
      failure({ functions: [{ name: 'arn:aws:lambda:eu-west-1:210987654321:function:api', region: 'eu-west-1' }] })
    ).toMatch(
      /^Input "update-functions": ".*" is in account 210987654321 \(aws\), but the credentials are of account 123456789012 \(aws\)/
    )
  })

  it('refuses principals and regions of another partition than the credentials', () => {
    const china = { ...identity, arn: 'arn:aws-cn:sts::123456789012:assumed-role/r/s', partition: 'aws-cn' }
    expect(
      failure(
        { regions: ['cn-north-1'], grants: [{ statementId: 'x', principal: 'arn:aws:iam::210987654321:root' }] },
        china
      )
    ).toMatch(/^Input "principal": ".*" is in partition aws, but the credentials and regions are in aws-cn/)
    expect(failure({}, china)).toMatch(
      /^Input "regions": eu-west-1 are in partition aws, but the credentials are of aws-cn/
    )
  })

  it('with regions: all, checks function regions and bucket names against the resolved regions', () => {
    const all = { allRegions: true, regions: ['eu-west-1', 'us-east-1'] }
    expect(
      failure({
        ...all,
        functions: [{ name: 'arn:aws:lambda:af-south-1:123456789012:function:api', region: 'af-south-1' }]
      })
    ).toMatch(/is in af-south-1, which is not enabled for the account \(regions: all found 2\)/)
    expect(
      failure({
        ...all,
        regions: ['eu-west-1', 'ap-southeast-5'],
        bucketFor: region => `${'a'.repeat(50)}-${region}`
      })
    ).toMatch(/^Input "s3-bucket": ".*" is not a bucket name; .*; it is 65 characters long\.$/)
  })
})

describe('credentials failures', () => {
  it('names the fix when no provider has credentials', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError'
    })
    expect(credentialsFailure('eu-west-1', error).message).toBe(
      'No AWS credentials found (CredentialsProviderError: Could not load credentials from any providers); add aws-actions/configure-aws-credentials before this step, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).'
    )
  })

  it('says STS refused them, with the status', () => {
    const error = Object.assign(new Error('The security token included in the request is expired'), {
      name: 'ExpiredTokenException',
      $metadata: { httpStatusCode: 400 }
    })
    expect(credentialsFailure('us-east-1', error).message).toMatch(
      /^AWS credentials refused by STS GetCallerIdentity in us-east-1 \(ExpiredTokenException: .*, HTTP 400\); add aws-actions\/configure-aws-credentials/
    )
  })

  it('asks STS in the first region, else the runner’s region, else us-east-1', () => {
    expect(identityRegion(['ap-south-1'], { AWS_REGION: 'eu-west-1' })).toBe('ap-south-1')
    expect(identityRegion([], { AWS_REGION: 'cn-north-1' })).toBe('cn-north-1')
    expect(identityRegion([], { AWS_DEFAULT_REGION: 'eu-west-3' })).toBe('eu-west-3')
    expect(identityRegion([], {})).toBe('us-east-1')
  })
})

describe('publish: false makes the direct-upload limit a warning', () => {
  const runtime = findRuntime('nodejs22.x') as LambdaRuntime
  const produced = {
    archive: {
      zipBytes: 51 * 1024 * 1024,
      files: [{ path: 'nodejs/node_modules/a/x.js', size: 10 }],
      entryNames: ['nodejs/', 'nodejs/node_modules/', 'nodejs/node_modules/a/', 'nodejs/node_modules/a/x.js']
    },
    nativeFiles: []
  } as unknown as ProducedArchive
  const plan = { kind: 'prebuilt', sourceDir: '.' } as unknown as BuildPlan
  const check = (publish: boolean, s3Bucket?: string) =>
    checkArchive(produced, { runtime, architectures: ['x86_64'], compatibilityCheck: 'off', publish, s3Bucket }, plan)

  it('is a problem when publishing directly, a warning when not publishing, nothing through S3', () => {
    expect(check(true).problems).toEqual([expect.stringMatching(/over the 50 MiB direct-upload limit/)])
    expect(check(true).warnings).toEqual([])
    expect(check(false).problems).toEqual([])
    expect(check(false).warnings).toEqual([
      expect.stringMatching(
        /^publish is false, but a publish would fail: the zip is 51\.0 MiB, over the 50 MiB direct-upload limit/
      )
    ])
    expect(check(false, 'layers-{region}').warnings).toEqual([])
  })
})
