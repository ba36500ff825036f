import { readInputs } from '../src/inputs/read-inputs.js'
import { parseList } from '../src/inputs/input-parsing.js'
import { parsePrincipals } from '../src/inputs/principals.js'
import { isPublic } from '../src/model/permission-grant.js'

function reader(values: Record<string, string>) {
  return (name: string) => values[name] ?? ''
}

const required = { 'layer-name': 'my-layer', runtime: 'nodejs22.x', regions: 'eu-west-1' }

describe('parseList', () => {
  it('splits on commas, spaces and newlines and drops duplicates', () => {
    expect(parseList('eu-west-1, us-east-1\nap-south-1  eu-west-1,,')).toEqual(['eu-west-1', 'us-east-1', 'ap-south-1'])
  })
})

describe('parsePrincipals', () => {
  it('gives one grant per principal with a stable statement id', () => {
    expect(parsePrincipals('123456789012, arn:aws:iam::210987654321:root o-abcdefghij12 *')).toEqual([
      { statementId: 'layer-account-123456789012', principal: '123456789012' },
      { statementId: 'layer-account-210987654321', principal: 'arn:aws:iam::210987654321:root' },
      { statementId: 'layer-org-o-abcdefghij12', principal: '*', organizationId: 'o-abcdefghij12' },
      { statementId: 'layer-public', principal: '*' }
    ])
  })

  it('treats an account id and its root ARN as the same principal', () => {
    expect(parsePrincipals('123456789012 arn:aws:iam::123456789012:root')).toHaveLength(1)
  })

  it('calls a layer public only for "*" without an organization', () => {
    expect(isPublic(parsePrincipals('o-abcdefghij12'))).toBe(false)
    expect(isPublic(parsePrincipals('*'))).toBe(true)
  })

  it.each(['12345', 'o-ABC', 'o-short', 'arn:aws:iam::123456789012:user/bob', 'everyone'])(
    'rejects %s naming the input',
    value => {
      expect(() => parsePrincipals(value)).toThrow(/^Input "principal": .* expected "\*", a 12-digit account id/)
    }
  )
})

describe('readInputs', () => {
  it('applies the defaults', () => {
    const inputs = readInputs(reader(required), {})
    expect(inputs).toMatchObject({
      layerName: 'my-layer',
      architectures: ['x86_64'],
      regions: ['eu-west-1'],
      grants: [],
      source: '.',
      install: true,
      archive: undefined,
      compatibleRuntimes: ['nodejs22.x'],
      publish: true
    })
    expect(inputs.runtime).toMatchObject({ family: 'nodejs', amazonLinux: 'AL2023', glibc: '2.34' })
  })

  it('falls back to AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const values = { ...required, regions: '' }
    expect(readInputs(reader(values), { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-north-1' }).regions).toEqual([
      'us-west-2'
    ])
    expect(readInputs(reader(values), { AWS_DEFAULT_REGION: 'eu-north-1' }).regions).toEqual(['eu-north-1'])
  })

  it('accepts both architectures in one list', () => {
    expect(readInputs(reader({ ...required, architectures: 'x86_64\narm64' }), {}).architectures).toEqual([
      'x86_64',
      'arm64'
    ])
  })

  it.each([
    [{ 'layer-name': 'bad name' }, /^Input "layer-name": "bad name" is not a valid layer name; expected 1-140/],
    [{ 'layer-name': 'x'.repeat(141) }, /^Input "layer-name": .*1-140/],
    [
      { runtime: 'nodejs8.10' },
      /^Input "runtime": "nodejs8.10" is a deprecated Lambda runtime this action does not build for; use nodejs22.x, nodejs24.x\.$/
    ],
    [
      { runtime: 'python3.9' },
      /^Input "runtime": "python3.9" is a deprecated Lambda runtime this action does not build for; use python3.10, python3.11, python3.12, python3.13, python3.14\.$/
    ],
    [
      { runtime: 'ruby3.5' },
      /^Input "runtime": "ruby3.5" is not a known Lambda runtime; use ruby3.3, ruby3.4 \(all supported: nodejs18.x, .*provided.al2023\)\.$/
    ],
    [
      { runtime: 'dotnet8' },
      /^Input "runtime": "dotnet8" is not a known Lambda runtime; expected one of nodejs18.x, .*provided.al2023\.$/
    ],
    [
      { 'node-path-style': 'v22' },
      /^Input "node-path-style": "v22" is not a path style; expected standard \(nodejs\/node_modules\) or versioned/
    ],
    [
      { architectures: 'x86' },
      /^Input "architectures": "x86" is not an architecture; expected x86_64, arm64 or both\.$/
    ],
    [{ regions: '' }, /^Input "regions": no region given/],
    [{ regions: 'eu-west-1 Frankfurt' }, /^Input "regions": "Frankfurt" is not a region code/],
    [{ install: 'yes' }, /^Input "install": "yes" is not a boolean; expected true or false\.$/],
    [{ publish: 'no' }, /^Input "publish": "no" is not a boolean/],
    [{ description: 'd'.repeat(257) }, /^Input "description": 257 characters given; Lambda accepts at most 256\.$/],
    [{ 'license-info': 'l'.repeat(513) }, /^Input "license-info": 513 characters given; Lambda accepts at most 512\.$/],
    [
      { 'compatible-runtimes': 'nodejs22.x go1.x' },
      /^Input "compatible-runtimes": "go1.x" is not a known Lambda runtime/
    ],
    [
      {
        'compatible-runtimes': Array(16)
          .fill(0)
          .map((_, i) => `r${i}`)
          .join(' ')
      },
      /^Input "compatible-runtimes": 16 runtimes given; Lambda accepts at most 15\.$/
    ]
  ])('rejects case %# with a one-line error naming the input', (override, message) => {
    const read = () => readInputs(reader({ ...required, ...override }), {})
    expect(read).toThrow(message)
    try {
      read()
    } catch (error) {
      expect((error as Error).message).not.toContain('\n')
    }
  })
})

describe('build-image', () => {
  it("resolves sam to AWS SAM's build image for the runtime and the one architecture", () => {
    expect(readInputs(reader({ ...required, 'build-image': 'sam', architectures: 'arm64' }), {}).buildImage).toBe(
      'public.ecr.aws/sam/build-nodejs22.x:latest-arm64'
    )
    expect(readInputs(reader({ ...required, 'build-image': ' ghcr.io/org/builder:1 ' }), {}).buildImage).toBe(
      'ghcr.io/org/builder:1'
    )
    expect(readInputs(reader(required), {}).buildImage).toBeUndefined()
  })

  it.each([
    [
      { 'build-image': 'Not An Image' },
      /^Input "build-image": "Not An Image" is not an image; expected sam \(AWS SAM's build image for the runtime\) or an image reference like /
    ],
    [
      { 'build-image': 'sam', architectures: 'x86_64, arm64' },
      /^Input "build-image": an image runs one architecture, but architectures is x86_64, arm64; use a matrix with one architecture per job\.$/
    ],
    [
      { 'build-image': 'sam', install: 'false' },
      /^Input "build-image": only the install step runs in the image, and nothing is installed when archive is set or install is false; remove build-image\.$/
    ],
    [{ 'build-image': 'sam', archive: 'layer.zip' }, /^Input "build-image": only the install step runs in the image/]
  ])('rejects case %# naming the input', (override, message) => {
    expect(() => readInputs(reader({ ...required, ...override }), {})).toThrow(message)
  })
})
