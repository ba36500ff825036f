import { join, resolve } from 'node:path'
import { readInputs } from '../src/inputs/read-inputs.js'
import { planFromSources } from '../src/plan/sources.js'
import { InputError } from '../src/model/errors.js'
import { layoutError, layoutProblem } from '../src/model/layout.js'
import { findRuntime } from '../src/model/runtimes.js'
import { ArchiveError, readLayerZip } from '../src/package/zip-archive.js'
import { folderWith as folder, zipWithNames } from './helpers/bad-files.js'

// Every bad input the action refuses before it builds anything: one line that starts with
// `Input "<name>": ` and says what is accepted. readInputs checks the values, planFromSources the
// source and archive paths; both run before anything is installed or sent. The end-to-end wiring
// (exit 1, one error line, no request, nothing built) is in reliability-inputs.e2e.test.ts.

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')
const SUPPORTED =
  'nodejs18.x, nodejs20.x, nodejs22.x, nodejs24.x, python3.10, python3.11, python3.12, python3.13, python3.14, ruby3.2, ruby3.3, ruby3.4, java8.al2, java11, java17, java21, java25, provided.al2, provided.al2023'
const PRINCIPALS =
  'expected "*", a 12-digit account id, arn:aws:iam::<account-id>:root or an organization id o-<10-32 lowercase letters/digits>.'
const KEEP_VERSIONS = 'expected 0 (keep every version) or how many newest versions to keep.'
const NO_NODE_PATH_STYLE = 'decides where the action installs Node.js dependencies, but'

type Given = Record<string, string>

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface BadInputCase {
  input: string
  /** Inputs replacing the valid base inputs; a function prepares files first. */
  given: Given | (() => Promise<Given>)
  /** The whole error line after `Input "<input>": `; a function of the inputs when it names a prepared path. */
  says: string | ((given: Given) => string)
}

const runtimes16 =
  'nodejs18.x nodejs20.x nodejs22.x nodejs24.x python3.10 python3.11 python3.12 python3.13 python3.14 ruby3.2 ruby3.3 ruby3.4 java11 java17 java21 java25'

const CASES: Array<[string, BadInputCase]> = [
  [
    'unknown runtime',
    {
      input: 'runtime',
      given: { runtime: 'dotnet99' },
      says: `"dotnet99" is not a known Lambda runtime; expected one of ${SUPPORTED}.`
    }
  ],
  [
    'unknown runtime of a known family',
    {
      input: 'runtime',
      given: { runtime: 'nodejs99.x' },
      says: `"nodejs99.x" is not a known Lambda runtime; use nodejs22.x, nodejs24.x (all supported: ${SUPPORTED}).`
    }
  ],
  [
    'node-path-style versioned for a Python runtime',
    {
      input: 'node-path-style',
      given: { runtime: 'python3.12', 'node-path-style': 'versioned' },
      says: `versioned ${NO_NODE_PATH_STYLE} python3.12 is not a Node.js runtime; expected standard (the default) here.`
    }
  ],
  [
    'node-path-style versioned with install false',
    {
      input: 'node-path-style',
      given: { 'node-path-style': 'versioned', install: 'false' },
      says: `versioned ${NO_NODE_PATH_STYLE} nothing is installed (install: false or archive); expected standard (the default) here.`
    }
  ],
  [
    'retired runtime',
    {
      input: 'runtime',
      given: { runtime: 'nodejs12.x' },
      says: '"nodejs12.x" is a deprecated Lambda runtime this action does not build for; use nodejs22.x, nodejs24.x.'
    }
  ],
  [
    'runtime with a typo in case',
    {
      input: 'runtime',
      given: { runtime: 'NodeJS22.x' },
      says: `"NodeJS22.x" is not a known Lambda runtime; expected one of ${SUPPORTED}.`
    }
  ],
  [
    'empty runtime',
    {
      input: 'runtime',
      given: { runtime: '' },
      says: `"" is not a known Lambda runtime; expected one of ${SUPPORTED}.`
    }
  ],
  [
    'retired Go runtime',
    {
      input: 'runtime',
      given: { runtime: 'go1.x' },
      says: '"go1.x" is a deprecated Lambda runtime this action does not build for (Go functions run on provided.al2023 as an executable named bootstrap); use provided.al2, provided.al2023.'
    }
  ],
  [
    'unknown node-path-style',
    {
      input: 'node-path-style',
      given: { 'node-path-style': 'nested' },
      says: '"nested" is not a path style; expected standard (nodejs/node_modules) or versioned (nodejs/nodeNN/node_modules).'
    }
  ],
  [
    'bad architecture',
    {
      input: 'architectures',
      given: { architectures: 'amd64' },
      says: '"amd64" is not an architecture; expected x86_64, arm64 or both.'
    }
  ],
  [
    'one bad architecture in a list',
    {
      input: 'architectures',
      given: { architectures: 'arm64, aarch64' },
      says: '"aarch64" is not an architecture; expected x86_64, arm64 or both.'
    }
  ],
  [
    'malformed region',
    {
      input: 'regions',
      given: { regions: 'eu-west' },
      says: '"eu-west" is not a region code; expected codes like eu-west-1 or us-gov-west-1, or all.'
    }
  ],
  [
    'region with capitals among good ones',
    {
      input: 'regions',
      given: { regions: 'eu-west-1 US-EAST-1' },
      says: '"US-EAST-1" is not a region code; expected codes like eu-west-1 or us-gov-west-1, or all.'
    }
  ],
  [
    'no region at all',
    {
      input: 'regions',
      given: { regions: '' },
      says: 'no region given; set the input (e.g. "eu-west-1, us-east-1") or the AWS_REGION / AWS_DEFAULT_REGION variable, or regions: all for every region enabled for the account.'
    }
  ],
  [
    'bad principal',
    { input: 'principal', given: { principal: 'everyone' }, says: `"everyone" is not a principal; ${PRINCIPALS}` }
  ],
  [
    'organization id too short',
    { input: 'principal', given: { principal: 'o-123' }, says: `"o-123" is not a principal; ${PRINCIPALS}` }
  ],
  [
    'account id of 11 digits',
    { input: 'principal', given: { principal: '12345678901' }, says: `"12345678901" is not a principal; ${PRINCIPALS}` }
  ],
  [
    'organization id of the wrong shape',
    { input: 'principal', given: { principal: 'o-ABC' }, says: `"o-ABC" is not a principal; ${PRINCIPALS}` }
  ],
  [
    'IAM user instead of an account root',
    {
      input: 'principal',
      given: { principal: 'arn:aws:iam::123456789012:user/bob' },
      says: `"arn:aws:iam::123456789012:user/bob" is not a principal; ${PRINCIPALS}`
    }
  ],
  [
    'layer name with a space',
    {
      input: 'layer-name',
      given: { 'layer-name': 'my layer' },
      says: '"my layer" is not a valid layer name; expected 1-140 letters, digits, hyphens or underscores.'
    }
  ],
  [
    'layer name with a dot',
    {
      input: 'layer-name',
      given: { 'layer-name': 'my.layer' },
      says: '"my.layer" is not a valid layer name; expected 1-140 letters, digits, hyphens or underscores.'
    }
  ],
  [
    'layer name too long',
    {
      input: 'layer-name',
      given: { 'layer-name': 'x'.repeat(141) },
      says: `"${'x'.repeat(77)}..." is not a valid layer name; expected 1-140 letters, digits, hyphens or underscores.`
    }
  ],
  [
    'description over 256 characters',
    {
      input: 'description',
      given: { description: 'd'.repeat(257) },
      says: '257 characters given; Lambda accepts at most 256.'
    }
  ],
  [
    'license over 512 characters',
    {
      input: 'license-info',
      given: { 'license-info': 'l'.repeat(513) },
      says: '513 characters given; Lambda accepts at most 512.'
    }
  ],
  [
    'more than 15 compatible runtimes',
    {
      input: 'compatible-runtimes',
      given: { 'compatible-runtimes': runtimes16 },
      says: '16 runtimes given; Lambda accepts at most 15.'
    }
  ],
  [
    'unknown compatible runtime',
    {
      input: 'compatible-runtimes',
      given: { 'compatible-runtimes': 'nodejs22.x go1.x' },
      says: `"go1.x" is not a known Lambda runtime; expected ids from ${SUPPORTED}.`
    }
  ],
  [
    'missing source folder',
    {
      input: 'source',
      given: { source: '/nonexistent/layer-source', install: 'true' },
      says: 'no folder at /nonexistent/layer-source; expected the folder holding the manifest (default ".").'
    }
  ],
  [
    'source that is a file',
    {
      input: 'source',
      given: { source: resolve('package.json'), install: 'true' },
      says: `no folder at ${resolve('package.json')}; expected the folder holding the manifest (default ".").`
    }
  ],
  [
    'source without a manifest',
    {
      input: 'source',
      given: async () => ({ source: await folder({ 'index.js': '' }), install: 'true' }),
      says: given =>
        `${given.source} has no manifest; nodejs22.x needs package.json (or set install: false to zip the folder as it is).`
    }
  ],
  [
    'manifest of the wrong family',
    {
      input: 'source',
      given: async () => ({ source: await folder({ 'requirements.txt': 'requests==2.32.3\n' }), install: 'true' }),
      says: given =>
        `${given.source} has requirements.txt (python); nodejs22.x needs package.json (or set install: false to zip the folder as it is).`
    }
  ],
  [
    'missing source folder, installing by default',
    {
      input: 'source',
      given: { source: '/nonexistent/folder', install: '' },
      says: 'no folder at /nonexistent/folder; expected the folder holding the manifest (default ".").'
    }
  ],
  [
    'source without the Ruby manifest, installing by default',
    {
      input: 'source',
      given: { runtime: 'ruby3.4', install: '' },
      says: `${PREBUILT_FIXTURE} has no manifest; ruby3.4 needs Gemfile or gems.rb (or set install: false to zip the folder as it is).`
    }
  ],
  [
    'a Node.js manifest for a Python runtime',
    {
      input: 'source',
      given: async () => ({
        runtime: 'python3.12',
        source: await folder({ 'package.json': '{"dependencies":{"ms":"2.1.3"}}' }),
        install: ''
      }),
      says: given =>
        `${given.source} has package.json (nodejs); python3.12 needs requirements.txt or pyproject.toml or Pipfile.lock (or set install: false to zip the folder as it is).`
    }
  ],
  [
    'archive that does not exist',
    {
      input: 'archive',
      given: { archive: '/nonexistent/layer.zip' },
      says: 'no file at /nonexistent/layer.zip; expected the path of an existing .zip layer archive.'
    }
  ],
  [
    'archive that is a folder',
    {
      input: 'archive',
      given: { archive: PREBUILT_FIXTURE },
      says: `no file at ${PREBUILT_FIXTURE}; expected the path of an existing .zip layer archive.`
    }
  ],
  [
    'prebuilt folder with nothing where the runtime loads from',
    {
      input: 'source',
      given: async () => ({ source: await folder({ 'node_modules/left-pad/index.js': 'module.exports = 1\n' }) }),
      says: 'nothing in the layer is where nodejs22.x loads from (/opt/nodejs/node_modules or /opt/nodejs/node22/node_modules or /opt/bin or /opt/lib); its top level holds node_modules (install is false, so the folder is zipped as it is).'
    }
  ],
  [
    'exclude together with archive',
    {
      input: 'exclude',
      given: { archive: '/nonexistent/layer.zip', exclude: '**/*.md' },
      says: 'cannot change an existing archive; leave it empty when archive is set, or build from source.'
    }
  ],
  [
    'exclude pattern leaving the layer',
    {
      input: 'exclude',
      given: { exclude: '../secrets/**' },
      says: '"../secrets/**" is not a pattern inside the layer; expected relative globs like **/*.md or **/tests/**.'
    }
  ],
  [
    'negative keep-versions',
    { input: 'keep-versions', given: { 'keep-versions': '-1' }, says: `"-1" is not a whole number; ${KEEP_VERSIONS}` }
  ],
  [
    'non-numeric keep-versions',
    { input: 'keep-versions', given: { 'keep-versions': 'all' }, says: `"all" is not a whole number; ${KEEP_VERSIONS}` }
  ],
  [
    'fractional keep-versions',
    { input: 'keep-versions', given: { 'keep-versions': '2.5' }, says: `"2.5" is not a whole number; ${KEEP_VERSIONS}` }
  ],
  [
    's3-bucket with an unknown placeholder',
    {
      input: 's3-bucket',
      given: { 's3-bucket': 'layers-{account}' },
      says: '{account} is not a placeholder; expected {region}.'
    }
  ],
  [
    's3-bucket without {region} for many regions',
    {
      input: 's3-bucket',
      given: { 's3-bucket': 'my-layers', regions: 'eu-west-1 us-east-1' },
      says: '"my-layers" names one bucket for 2 regions, but Lambda reads only from a bucket in its own region; use {region}, e.g. layers-{region}-123456789012.'
    }
  ],
  [
    's3-bucket that is no bucket name',
    {
      input: 's3-bucket',
      given: { 's3-bucket': 'My_Layers-{region}' },
      says: '"My_Layers-eu-west-1" is not a bucket name; expected 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, e.g. layers-{region}-123456789012; it has a character other than lowercase letters, digits, dots and hyphens.'
    }
  ],
  [
    'ssm-parameter with an unknown placeholder',
    {
      input: 'ssm-parameter',
      given: { 'ssm-parameter': '/layers/{name}/latest' },
      says: '{name} is not a placeholder; expected {layer}, {arch}, {region} or {runtime}.'
    }
  ],
  [
    'ssm-parameter in the reserved aws namespace',
    {
      input: 'ssm-parameter',
      given: { 'ssm-parameter': '/aws/layers/{layer}' },
      says: '"/aws/layers/bad" is not a parameter name; expected letters, digits, _ . - and / outside the reserved /aws and /ssm prefixes: SSM keeps names starting with aws or ssm (any case) for itself; e.g. /layers/{layer}/{arch}/latest.'
    }
  ],
  [
    'install that is not a boolean',
    { input: 'install', given: { install: 'yes' }, says: '"yes" is not a boolean; expected true or false.' }
  ],
  [
    'publish that is not a boolean',
    { input: 'publish', given: { publish: 'no' }, says: '"no" is not a boolean; expected true or false.' }
  ],
  [
    'skip-unchanged that is not a boolean',
    { input: 'skip-unchanged', given: { 'skip-unchanged': '1' }, says: '"1" is not a boolean; expected true or false.' }
  ],
  [
    's3-keep that is not a boolean',
    { input: 's3-keep', given: { 's3-keep': 'on' }, says: '"on" is not a boolean; expected true or false.' }
  ],
  [
    'attach that is not a boolean',
    { input: 'attach', given: { attach: 'y' }, says: '"y" is not a boolean; expected true or false.' }
  ],
  [
    'include-secrets that is not a boolean',
    {
      input: 'include-secrets',
      given: { 'include-secrets': 'maybe' },
      says: '"maybe" is not a boolean; expected true or false.'
    }
  ],
  [
    'bad compatibility-check',
    {
      input: 'compatibility-check',
      given: { 'compatibility-check': 'strict' },
      says: '"strict" is not a mode; expected error, warn or off.'
    }
  ],
  [
    'bad on-region-failure',
    {
      input: 'on-region-failure',
      given: { 'on-region-failure': 'ignore' },
      says: '"ignore" is not a choice; expected fail or warn.'
    }
  ],
  [
    'update-functions ARN in a region not published to',
    {
      input: 'update-functions',
      given: { 'update-functions': 'arn:aws:lambda:us-east-1:123456789012:function:api' },
      says: '"arn:aws:lambda:us-east-1:123456789012:function:api" is in us-east-1, which is not among the regions (eu-west-1); expected functions in the regions published to, or plain names.'
    }
  ],
  [
    'update-functions with a qualified ARN',
    {
      input: 'update-functions',
      given: { 'update-functions': 'arn:aws:lambda:eu-west-1:123456789012:function:api:prod' },
      says: '"arn:aws:lambda:eu-west-1:123456789012:function:api:prod" is not a function; expected names (letters, digits, - and _) or unqualified ARNs arn:aws:lambda:<region>:<account>:function:<name>.'
    }
  ],
  [
    'the same function named twice for one region',
    {
      input: 'update-functions',
      given: { 'update-functions': 'api arn:aws:lambda:eu-west-1:123456789012:function:api' },
      says: '"api" is named twice for eu-west-1; expected each function once (a name stands for it in every region, an ARN in its own).'
    }
  ],
  [
    'attach without update-functions',
    {
      input: 'attach',
      given: { attach: 'true' },
      says: 'true has no function to attach to; expected update-functions to name the functions, or attach: false.'
    }
  ],
  [
    'custom runtime source with nothing to pack',
    {
      input: 'source',
      given: async () => ({ runtime: 'provided.al2023', source: await folder({ 'main.go': '' }), install: 'true' }),
      says: given =>
        `${given.source} has no bin/, lib/ or bootstrap; provided.al2023 layers are built from bin/ (executables), lib/ (shared libraries) and a bootstrap file (or set install: false to zip the folder as it is).`
    }
  ]
]

/** The error the action stops with before building: readInputs, then planFromSources. */
async function firstError(given: Given): Promise<unknown> {
  const values: Given = {
    'layer-name': 'bad',
    runtime: 'nodejs22.x',
    regions: 'eu-west-1',
    source: PREBUILT_FIXTURE,
    install: 'false',
    ...given
  }
  try {
    await planFromSources(
      readInputs(name => values[name] ?? '', {}),
      process.cwd()
    )
  } catch (error) {
    return error
  }
  throw new Error('the inputs were accepted')
}

describe('bad inputs', () => {
  it.each(CASES)('%s: one line naming the input and the accepted forms', async (_name, badCase) => {
    const given = typeof badCase.given === 'function' ? await badCase.given() : badCase.given
    const error = await firstError(given)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).input).toBe(badCase.input)
    const says = typeof badCase.says === 'function' ? badCase.says(given) : badCase.says
    expect((error as InputError).message).toBe(`Input "${badCase.input}": ${says}`)
    expect((error as InputError).message).not.toMatch(/[\r\n]/)
  })
})

describe('a bad archive', () => {
  // main.ts names the archive input for these: `Input "archive": <reason>; expected a zip whose
  // entries are relative paths inside the layer, e.g. nodejs/node_modules/...` (end-to-end in
  // reliability-inputs.e2e.test.ts).
  it.each([
    [
      'that is not a zip',
      async () => join(await folder({ 'layer.zip': 'plain text, not a zip' }), 'layer.zip'),
      // The reason in brackets is adm-zip's own.
      (path: string) => new RegExp(`^${escapeRegExp(path)} is not a readable zip file \\([^\\r\\n]+\\)$`)
    ],
    [
      'with a ".." entry',
      () => zipWithNames(['nodejs/index.js', 'nodejs/../../etc/cron.d/evil']),
      (path: string) => `${path} holds an entry "nodejs/../../etc/cron.d/evil" that climbs out of the layer with ".."`
    ],
    [
      'with an absolute path',
      () => zipWithNames(['/opt/nodejs/index.js']),
      (path: string) => `${path} holds an entry "/opt/nodejs/index.js" that is an absolute path`
    ]
  ])('%s is refused in one line naming the file', async (_name, make, reason: (path: string) => string | RegExp) => {
    const path = await make()
    const error = await readLayerZip(path).catch(caught => caught)
    expect(error).toBeInstanceOf(ArchiveError)
    const expected = reason(path)
    if (typeof expected === 'string') expect(error.message).toBe(expected)
    else expect(error.message).toMatch(expected)
    expect(error.accepted).toBeUndefined()
  })

  it('with nothing where the runtime loads from names the archive input', async () => {
    const archivePath = await zipWithNames(['python/lib/x.py'])
    const runtime = findRuntime('nodejs22.x')!
    const entryNames = (await readLayerZip(archivePath)).entryNames
    const layout = layoutProblem(entryNames, runtime)
    expect(layout).toBeDefined()
    expect(layoutError(layout!, { kind: 'archive', archivePath }).message).toBe(
      'Input "archive": nothing in the layer is where nodejs22.x loads from (/opt/nodejs/node_modules or /opt/nodejs/node22/node_modules or /opt/bin or /opt/lib); its top level holds python.'
    )
  })
})
