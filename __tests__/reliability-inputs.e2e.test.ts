import AdmZip from 'adm-zip'
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'

const PREBUILT_FIXTURE = resolve('__tests__/fixtures/prebuilt-layer')

const server = useLoopbackServer()

async function folder(files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'bad-input-'))
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true })
    await writeFile(join(root, name), content)
  }
  return root
}

/** A zip whose entry names are written as given: AdmZip's addFile would sanitize them, the setter does not. */
async function zipWithNames(names: string[]): Promise<string> {
  const zip = new AdmZip()
  names.forEach((name, index) => {
    const entry = zip.addFile(`nodejs/placeholder-${index}.js`, Buffer.from('module.exports = 1\n'))
    entry.entryName = name
  })
  const path = join(await folder(), 'layer.zip')
  zip.writeZip(path)
  return path
}

/** Files the run left in its RUNNER_TEMP: none when it stopped before building or packing anything. */
async function builtFiles(runnerTemp: string): Promise<string[]> {
  const entries = await readdir(join(runnerTemp, 'temp'), { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter(entry => !entry.isDirectory()).map(entry => entry.name)
}

interface BadInputCase {
  input: string
  /** Inputs replacing the valid base inputs; a function prepares files first. */
  given: Record<string, string> | (() => Promise<Record<string, string>>)
  /** What the one error line must say after `Input "<input>": `, including the accepted forms. */
  says: RegExp
}

const runtimes16 =
  'nodejs18.x nodejs20.x nodejs22.x nodejs24.x python3.10 python3.11 python3.12 python3.13 python3.14 ruby3.2 ruby3.3 ruby3.4 java11 java17 java21 java25'

const CASES: Array<[string, BadInputCase]> = [
  [
    'unknown runtime',
    {
      input: 'runtime',
      given: { runtime: 'dotnet99' },
      says: /"dotnet99" is not a known Lambda runtime; expected one of nodejs18.x, .*python3.13/
    }
  ],
  [
    'unknown runtime of a known family',
    {
      input: 'runtime',
      given: { runtime: 'nodejs99.x' },
      says: /"nodejs99.x" is not a known Lambda runtime; use nodejs22.x, nodejs24.x \(all supported: nodejs18.x, /
    }
  ],
  [
    'node-path-style versioned for a Python runtime',
    {
      input: 'node-path-style',
      given: { runtime: 'python3.12', 'node-path-style': 'versioned' },
      says: /versioned decides where the action installs Node.js dependencies, but python3.12 is not a Node.js runtime; expected standard/
    }
  ],
  [
    'node-path-style versioned with install false',
    {
      input: 'node-path-style',
      given: { 'node-path-style': 'versioned', install: 'false' },
      says: /but nothing is installed \(install: false or archive\); expected standard/
    }
  ],
  [
    'retired runtime',
    {
      input: 'runtime',
      given: { runtime: 'nodejs12.x' },
      says: /"nodejs12.x" is a deprecated Lambda runtime this action does not build for; use nodejs22.x, nodejs24.x\./
    }
  ],
  [
    'runtime with a typo in case',
    {
      input: 'runtime',
      given: { runtime: 'NodeJS22.x' },
      says: /"NodeJS22.x" is not a known Lambda runtime; expected one of /
    }
  ],
  [
    'empty runtime',
    { input: 'runtime', given: { runtime: '' }, says: /"" is not a known Lambda runtime; expected one of / }
  ],
  [
    'bad architecture',
    {
      input: 'architectures',
      given: { architectures: 'amd64' },
      says: /"amd64" is not an architecture; expected x86_64, arm64 or both/
    }
  ],
  [
    'one bad architecture in a list',
    {
      input: 'architectures',
      given: { architectures: 'arm64, aarch64' },
      says: /"aarch64" is not an architecture; expected x86_64, arm64/
    }
  ],
  [
    'malformed region',
    {
      input: 'regions',
      given: { regions: 'eu-west' },
      says: /"eu-west" is not a region code; expected codes like eu-west-1/
    }
  ],
  [
    'region with capitals among good ones',
    {
      input: 'regions',
      given: { regions: 'eu-west-1 US-EAST-1' },
      says: /"US-EAST-1" is not a region code; expected codes like/
    }
  ],
  [
    'no region at all',
    {
      input: 'regions',
      given: { regions: '' },
      says: /no region given; set the input \(e.g. "eu-west-1, us-east-1"\) or the AWS_REGION/
    }
  ],
  [
    'bad principal',
    {
      input: 'principal',
      given: { principal: 'everyone' },
      says: /"everyone" is not a principal; expected "\*", a 12-digit account id/
    }
  ],
  [
    'account id of 11 digits',
    {
      input: 'principal',
      given: { principal: '12345678901' },
      says: /"12345678901" is not a principal; expected "\*", a 12-digit/
    }
  ],
  [
    'organization id of the wrong shape',
    {
      input: 'principal',
      given: { principal: 'o-ABC' },
      says: /"o-ABC" is not a principal; .*organization id o-<10-32 lowercase letters\/digits>/
    }
  ],
  [
    'IAM user instead of an account root',
    {
      input: 'principal',
      given: { principal: 'arn:aws:iam::123456789012:user/bob' },
      says: /is not a principal; expected .*arn:aws:iam::<account-id>:root/
    }
  ],
  [
    'layer name with a space',
    {
      input: 'layer-name',
      given: { 'layer-name': 'my layer' },
      says: /"my layer" is not a valid layer name; expected 1-140 letters, digits, hyphens or underscores/
    }
  ],
  [
    'layer name with a dot',
    {
      input: 'layer-name',
      given: { 'layer-name': 'my.layer' },
      says: /"my.layer" is not a valid layer name; expected 1-140/
    }
  ],
  [
    'layer name too long',
    {
      input: 'layer-name',
      given: { 'layer-name': 'x'.repeat(141) },
      says: /is not a valid layer name; expected 1-140 letters/
    }
  ],
  [
    'description over 256 characters',
    {
      input: 'description',
      given: { description: 'd'.repeat(257) },
      says: /257 characters given; Lambda accepts at most 256/
    }
  ],
  [
    'license over 512 characters',
    {
      input: 'license-info',
      given: { 'license-info': 'l'.repeat(513) },
      says: /513 characters given; Lambda accepts at most 512/
    }
  ],
  [
    'more than 15 compatible runtimes',
    {
      input: 'compatible-runtimes',
      given: { 'compatible-runtimes': runtimes16 },
      says: /16 runtimes given; Lambda accepts at most 15/
    }
  ],
  [
    'unknown compatible runtime',
    {
      input: 'compatible-runtimes',
      given: { 'compatible-runtimes': 'nodejs22.x go1.x' },
      says: /"go1.x" is not a known Lambda runtime; expected ids from nodejs18.x/
    }
  ],
  [
    'missing source folder',
    {
      input: 'source',
      given: { source: '/nonexistent/layer-source', install: 'true' },
      says: /no folder at \/nonexistent\/layer-source; expected the folder holding the manifest/
    }
  ],
  [
    'source that is a file',
    {
      input: 'source',
      given: { source: resolve('package.json'), install: 'true' },
      says: /no folder at .*package.json; expected the folder holding the manifest/
    }
  ],
  [
    'source without a manifest',
    {
      input: 'source',
      given: async () => ({ source: await folder({ 'index.js': '' }), install: 'true' }),
      says: /has no manifest; nodejs22.x needs package.json \(or set install: false/
    }
  ],
  [
    'manifest of the wrong family',
    {
      input: 'source',
      given: async () => ({ source: await folder({ 'requirements.txt': 'requests==2.32.3\n' }), install: 'true' }),
      says: /has requirements.txt \(python\); nodejs22.x needs package.json \(or set install: false/
    }
  ],
  [
    'archive that does not exist',
    {
      input: 'archive',
      given: { archive: '/nonexistent/layer.zip' },
      says: /no file at \/nonexistent\/layer.zip; expected the path of an existing .zip/
    }
  ],
  [
    'archive that is a folder',
    {
      input: 'archive',
      given: { archive: PREBUILT_FIXTURE },
      says: /no file at .*prebuilt-layer; expected the path of an existing .zip/
    }
  ],
  [
    'archive that is not a zip',
    {
      input: 'archive',
      given: async () => {
        const root = await folder({ 'layer.zip': 'plain text, not a zip' })
        return { archive: join(root, 'layer.zip') }
      },
      says: /layer.zip is not a readable zip file .*; expected /
    }
  ],
  [
    'zip with a ".." entry',
    {
      input: 'archive',
      given: async () => ({ archive: await zipWithNames(['nodejs/index.js', 'nodejs/../../etc/cron.d/evil']) }),
      says: /holds an entry "nodejs\/..\/..\/etc\/cron.d\/evil" that climbs out of the layer with "\.\."; expected /
    }
  ],
  [
    'zip with an absolute path',
    {
      input: 'archive',
      given: async () => ({ archive: await zipWithNames(['/opt/nodejs/index.js']) }),
      says: /holds an entry "\/opt\/nodejs\/index.js" that is an absolute path; expected /
    }
  ],
  [
    'zip with nothing where the runtime loads from',
    {
      input: 'archive',
      given: async () => ({ archive: await zipWithNames(['python/lib/x.py']) }),
      says: /nothing in the layer is where nodejs22.x loads from \(\/opt\/nodejs\/node_modules/
    }
  ],
  [
    'prebuilt folder with nothing where the runtime loads from',
    {
      input: 'source',
      given: async () => ({ source: await folder({ 'node_modules/left-pad/index.js': 'module.exports = 1\n' }) }),
      says: /nothing in the layer is where nodejs22.x loads from \(\/opt\/nodejs\/node_modules or .*\); its top level holds node_modules \(install is false, so the folder is zipped as it is\)/
    }
  ],
  [
    'exclude together with archive',
    {
      input: 'exclude',
      given: { archive: '/nonexistent/layer.zip', exclude: '**/*.md' },
      says: /cannot change an existing archive; leave it empty when archive is set/
    }
  ],
  [
    'exclude pattern leaving the layer',
    {
      input: 'exclude',
      given: { exclude: '../secrets/**' },
      says: /"..\/secrets\/\*\*" is not a pattern inside the layer; expected relative globs/
    }
  ],
  [
    'negative keep-versions',
    {
      input: 'keep-versions',
      given: { 'keep-versions': '-1' },
      says: /"-1" is not a whole number; expected 0 \(keep every version\)/
    }
  ],
  [
    'non-numeric keep-versions',
    { input: 'keep-versions', given: { 'keep-versions': 'all' }, says: /"all" is not a whole number; expected 0/ }
  ],
  [
    'fractional keep-versions',
    { input: 'keep-versions', given: { 'keep-versions': '2.5' }, says: /"2.5" is not a whole number; expected 0/ }
  ],
  [
    's3-bucket with an unknown placeholder',
    {
      input: 's3-bucket',
      given: { 's3-bucket': 'layers-{account}' },
      says: /\{account\} is not a placeholder; expected \{region\}/
    }
  ],
  [
    's3-bucket without {region} for many regions',
    {
      input: 's3-bucket',
      given: { 's3-bucket': 'my-layers', regions: 'eu-west-1 us-east-1' },
      says: /names one bucket for 2 regions, .*use \{region\}, e.g. layers-\{region\}-123456789012/
    }
  ],
  [
    's3-bucket that is no bucket name',
    {
      input: 's3-bucket',
      given: { 's3-bucket': 'My_Layers-{region}' },
      says: /"My_Layers-eu-west-1" is not a bucket name; expected 3-63 lowercase letters/
    }
  ],
  [
    'ssm-parameter with an unknown placeholder',
    {
      input: 'ssm-parameter',
      given: { 'ssm-parameter': '/layers/{name}/latest' },
      says: /\{name\} is not a placeholder; expected \{layer\}, \{arch\}, \{region\} or \{runtime\}/
    }
  ],
  [
    'ssm-parameter in the reserved aws namespace',
    {
      input: 'ssm-parameter',
      given: { 'ssm-parameter': '/aws/layers/{layer}' },
      says: /"\/aws\/layers\/bad" is not a parameter name; expected letters, digits/
    }
  ],
  [
    'install that is not a boolean',
    { input: 'install', given: { install: 'yes' }, says: /"yes" is not a boolean; expected true or false/ }
  ],
  [
    'publish that is not a boolean',
    { input: 'publish', given: { publish: 'no' }, says: /"no" is not a boolean; expected true or false/ }
  ],
  [
    'skip-unchanged that is not a boolean',
    { input: 'skip-unchanged', given: { 'skip-unchanged': '1' }, says: /"1" is not a boolean; expected true or false/ }
  ],
  [
    's3-keep that is not a boolean',
    { input: 's3-keep', given: { 's3-keep': 'on' }, says: /"on" is not a boolean; expected true or false/ }
  ],
  [
    'attach that is not a boolean',
    { input: 'attach', given: { attach: 'y' }, says: /"y" is not a boolean; expected true or false/ }
  ],
  [
    'include-secrets that is not a boolean',
    {
      input: 'include-secrets',
      given: { 'include-secrets': 'maybe' },
      says: /"maybe" is not a boolean; expected true or false/
    }
  ],
  [
    'bad compatibility-check',
    {
      input: 'compatibility-check',
      given: { 'compatibility-check': 'strict' },
      says: /"strict" is not a mode; expected error, warn or off/
    }
  ],
  [
    'bad on-region-failure',
    {
      input: 'on-region-failure',
      given: { 'on-region-failure': 'ignore' },
      says: /"ignore" is not a choice; expected fail or warn/
    }
  ],
  [
    'update-functions ARN in a region not published to',
    {
      input: 'update-functions',
      given: { 'update-functions': 'arn:aws:lambda:us-east-1:123456789012:function:api' },
      says: /is in us-east-1, which is not among the regions \(eu-west-1\); expected /
    }
  ],
  [
    'update-functions with a qualified ARN',
    {
      input: 'update-functions',
      given: { 'update-functions': 'arn:aws:lambda:eu-west-1:123456789012:function:api:prod' },
      says: /is not a function; expected names \(letters, digits, - and _\) or unqualified ARNs/
    }
  ],
  [
    'the same function named twice for one region',
    {
      input: 'update-functions',
      given: { 'update-functions': 'api arn:aws:lambda:eu-west-1:123456789012:function:api' },
      says: /"api" is named twice for eu-west-1; expected each function once/
    }
  ],
  [
    'attach without update-functions',
    {
      input: 'attach',
      given: { attach: 'true' },
      says: /true has no function to attach to; expected update-functions to name the functions/
    }
  ],
  [
    'custom runtime source with nothing to pack',
    {
      input: 'source',
      given: async () => ({ runtime: 'provided.al2023', source: await folder({ 'main.go': '' }), install: 'true' }),
      says: /has no bin\/, lib\/ or bootstrap; provided.al2023 layers are built from bin\/ \(executables\)/
    }
  ]
]

describe('bad inputs', () => {
  it.each(CASES)('%s: one line naming the input and the accepted forms, exit 1, no request', async (_name, badCase) => {
    const given = typeof badCase.given === 'function' ? await badCase.given() : badCase.given
    const run = await runAction(
      {
        'layer-name': 'bad',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: PREBUILT_FIXTURE,
        install: 'false',
        ...given
      },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).not.toContain('\n')
    expect(errors[0].startsWith(`Input "${badCase.input}": `)).toBe(true)
    expect(errors[0]).toMatch(badCase.says)
    expect(server.requests).toEqual([])
    expect(run.outputs).toEqual({})
    expect(await builtFiles(run.runnerTemp)).toEqual([])
  })
})
