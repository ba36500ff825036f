import { versionsToDelete } from '../src/publish/keep-versions.js'
import { layerArnOf, planLayerList } from '../src/publish/layer-attachment.js'
import { stagingKey } from '../src/publish/s3-staging.js'
import { matchesIdentity } from '../src/publish/existing-versions.js'
import { expandTemplate, unknownPlaceholders } from '../src/inputs/templates.js'
import { readInputs } from '../src/inputs/read-inputs.js'

const LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:shared'

describe('versionsToDelete', () => {
  it('keeps the newest N and the current version', () => {
    expect(versionsToDelete([1, 2, 3, 4, 5], 2, 5)).toEqual([3, 2, 1])
    expect(versionsToDelete([1, 2, 3, 4, 5], 2, 3)).toEqual([2, 1])
    expect(versionsToDelete([1, 2, 3], 0, 3)).toEqual([])
  })
})

describe('planLayerList', () => {
  it('replaces this layer in place and keeps the others in order', () => {
    const current = [
      'arn:aws:lambda:eu-west-1:999999999999:layer:otel:4',
      `${LAYER}:7`,
      'arn:aws:lambda:eu-west-1:123456789012:layer:other:1'
    ]
    expect(planLayerList(current, `${LAYER}:8`, false)).toEqual({
      kind: 'replaced',
      previous: `${LAYER}:7`,
      layers: [
        'arn:aws:lambda:eu-west-1:999999999999:layer:otel:4',
        `${LAYER}:8`,
        'arn:aws:lambda:eu-west-1:123456789012:layer:other:1'
      ]
    })
    expect(planLayerList([`${LAYER}:8`], `${LAYER}:8`, false)).toEqual({ kind: 'unchanged', layers: [`${LAYER}:8`] })
  })

  it('attaches only when asked and within five layers', () => {
    expect(planLayerList([], `${LAYER}:1`, false)).toEqual({
      kind: 'refused',
      reason: `does not use layer ${LAYER}; set attach: true to add it`
    })
    expect(planLayerList(['a:1'], `${LAYER}:1`, true)).toEqual({ kind: 'attached', layers: ['a:1', `${LAYER}:1`] })
    expect(planLayerList(['a:1', 'b:1', 'c:1', 'd:1', 'e:1'], `${LAYER}:1`, true)).toEqual({
      kind: 'refused',
      reason: "already has 5 layers, Lambda's limit is 5"
    })
    expect(layerArnOf(`${LAYER}:12`)).toBe(LAYER)
  })
})

describe('staging and templates', () => {
  it('names the staged object by content hash', () => {
    const sha = Buffer.alloc(32, 0xab).toString('base64')
    expect(stagingKey('ci/', 'shared', sha)).toBe(`ci/shared/${'ab'.repeat(32)}.zip`)
  })

  it('expands and checks placeholders', () => {
    expect(expandTemplate('/layers/{layer}/{arch}/latest', { layer: 'x', arch: 'arm64' })).toBe(
      '/layers/x/arm64/latest'
    )
    expect(unknownPlaceholders('a-{region}-{zone}', ['region'])).toEqual(['zone'])
  })

  it('matches a stored version by bytes and metadata, in any order', () => {
    const identity = {
      layerName: 'l',
      codeSha256: 'abc=',
      compatibleRuntimes: ['nodejs22.x', 'nodejs20.x'],
      architectures: ['arm64']
    }
    const stored = {
      Content: { CodeSha256: 'abc=' },
      CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x'],
      CompatibleArchitectures: ['arm64']
    } as never
    expect(matchesIdentity(stored, identity)).toBe(true)
    expect(matchesIdentity(stored, { ...identity, description: 'changed' })).toBe(false)
    expect(matchesIdentity(stored, { ...identity, codeSha256: 'other=' })).toBe(false)
    expect(matchesIdentity(stored, { ...identity, compatibleRuntimes: ['nodejs22.x'] })).toBe(false)
    expect(matchesIdentity(stored, { ...identity, compatibleRuntimes: ['nodejs22.x', 'nodejs24.x'] })).toBe(false)
    expect(matchesIdentity(stored, { ...identity, architectures: ['x86_64'] })).toBe(false)
    expect(matchesIdentity(stored, { ...identity, architectures: ['arm64', 'x86_64'] })).toBe(false)
    expect(matchesIdentity(stored, { ...identity, licenseInfo: 'MIT' })).toBe(false)
    const described = { ...(stored as object), Description: 'v1', LicenseInfo: 'MIT' } as never
    expect(matchesIdentity(described, { ...identity, description: 'v1', licenseInfo: 'MIT' })).toBe(true)
    expect(matchesIdentity(described, identity)).toBe(false)
  })
})

describe('publish inputs', () => {
  const base: Record<string, string> = { 'layer-name': 'shared', runtime: 'nodejs22.x', regions: 'eu-west-1 us-east-1' }
  const read = (extra: Record<string, string>) => readInputs(name => ({ ...base, ...extra })[name] ?? '', {})

  it('reads the publish engine inputs', () => {
    const inputs = read({
      'keep-versions': '3',
      'ssm-parameter': '/layers/{layer}/{arch}/latest',
      'update-functions': 'api-handler arn:aws:lambda:us-east-1:123456789012:function:worker',
      's3-bucket': 'layers-{region}-123456789012',
      's3-prefix': 'ci'
    })
    expect(inputs).toMatchObject({
      keepVersions: 3,
      ssmParameter: '/layers/{layer}/{arch}/latest',
      functions: [
        { name: 'api-handler' },
        { name: 'arn:aws:lambda:us-east-1:123456789012:function:worker', region: 'us-east-1' }
      ],
      s3Bucket: 'layers-{region}-123456789012',
      s3Prefix: 'ci/',
      s3Keep: false,
      attach: false,
      skipUnchanged: true,
      onRegionFailure: 'fail'
    })
  })

  it.each([
    [
      { 'keep-versions': '-1' },
      /^Input "keep-versions": "-1" is not a whole number; expected 0 \(keep every version\)/
    ],
    [
      { 's3-bucket': 'one-bucket' },
      /^Input "s3-bucket": "one-bucket" names one bucket for 2 regions, .*use \{region\}/
    ],
    [{ 's3-bucket': 'Bad_Bucket-{region}' }, /^Input "s3-bucket": "Bad_Bucket-eu-west-1" is not a bucket name/],
    [{ 's3-bucket': 'b-{zone}' }, /^Input "s3-bucket": \{zone\} is not a placeholder; expected \{region\}\.$/],
    [{ 'ssm-parameter': 'layers/{layer}' }, /^Input "ssm-parameter": "layers\/shared" is not a parameter name/],
    [{ 'ssm-parameter': '/layers/{name}' }, /^Input "ssm-parameter": \{name\} is not a placeholder/],
    [
      { 'update-functions': 'arn:aws:lambda:ap-south-1:123456789012:function:x' },
      /^Input "update-functions": .* is in ap-south-1, which is not among the regions/
    ],
    [{ 'update-functions': 'my function:1' }, /^Input "update-functions": "function:1" is not a function/],
    [
      { 'on-region-failure': 'ignore' },
      /^Input "on-region-failure": "ignore" is not a choice; expected fail or warn\.$/
    ],
    [
      { 'compatibility-check': 'strict' },
      /^Input "compatibility-check": "strict" is not a mode; expected error, warn or off\.$/
    ],
    [{ exclude: '../secrets/**' }, /^Input "exclude": "..\/secrets\/\*\*" is not a pattern inside the layer/],
    [{ exclude: '**/*.md', archive: 'layer.zip' }, /^Input "exclude": cannot change an existing archive/]
  ])('rejects case %# naming the input', (extra, message) => {
    expect(() => read(extra)).toThrow(message)
  })
})
