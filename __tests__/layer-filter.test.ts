import { filterLayerEntries } from '../src/package/layer-filter.js'
import { needsContentCheck, secretReason } from '../src/package/secret-files.js'
import { largestPackages, packageOf } from '../src/package/package-sizes.js'
import { parseGlobList } from '../src/inputs/input-parsing.js'
import type { LayerEntry } from '../src/package/layer-entries.js'

function file(path: string, size = 10): LayerEntry {
  return { path, type: 'file', mode: 0o644, size }
}
function folder(path: string): LayerEntry {
  return { path, type: 'directory', mode: 0o755, size: 0 }
}

const TREE: LayerEntry[] = [
  folder('nodejs'),
  folder('nodejs/node_modules'),
  folder('nodejs/node_modules/pkg'),
  file('nodejs/node_modules/pkg/README.md', 100),
  file('nodejs/node_modules/pkg/index.js', 50),
  folder('nodejs/node_modules/pkg/tests'),
  file('nodejs/node_modules/pkg/tests/a.test.js', 30),
  folder('nodejs/node_modules/docs-only'),
  file('nodejs/node_modules/docs-only/CHANGELOG.md', 7),
  file('nodejs/.env', 5),
  file('nodejs/.env.production', 5),
  file('nodejs/.env-staging', 5),
  file('nodejs/.env_local', 5),
  file('nodejs/.npmrc', 40),
  folder('nodejs/.git'),
  file('nodejs/.git/config', 20),
  file('nodejs/node_modules/certifi/cacert.pem', 300),
  file('nodejs/deploy.pem', 200),
  file('nodejs/server.ppk', 150)
]

const HEADS = new Map([
  ['nodejs/.npmrc', '//registry.npmjs.org/:_authToken=npm_abc123\n'],
  ['nodejs/node_modules/certifi/cacert.pem', '-----BEGIN CERTIFICATE-----\nMIIB...'],
  ['nodejs/deploy.pem', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
  ['nodejs/server.ppk', 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n']
])

describe('filterLayerEntries', () => {
  it('leaves out secrets and excluded paths, and the folders they empty', () => {
    const result = filterLayerEntries(TREE, {
      exclude: ['**/*.md', '**/tests/**'],
      includeSecrets: false,
      heads: HEADS
    })
    expect(result.kept.map(entry => entry.path)).toEqual([
      'nodejs',
      'nodejs/node_modules',
      'nodejs/node_modules/pkg',
      'nodejs/node_modules/pkg/index.js',
      'nodejs/node_modules/certifi/cacert.pem'
    ])
    expect(result.secrets).toEqual([
      { path: 'nodejs/.env', bytes: 5, reason: 'environment file (.env*) may hold secrets' },
      { path: 'nodejs/.env.production', bytes: 5, reason: 'environment file (.env*) may hold secrets' },
      { path: 'nodejs/.env-staging', bytes: 5, reason: 'environment file (.env*) may hold secrets' },
      { path: 'nodejs/.env_local', bytes: 5, reason: 'environment file (.env*) may hold secrets' },
      { path: 'nodejs/.npmrc', bytes: 40, reason: '.npmrc holds a credential' },
      { path: 'nodejs/.git', bytes: 20, reason: '.git/ holds credentials or repository metadata' },
      { path: 'nodejs/deploy.pem', bytes: 200, reason: 'holds a private key' },
      { path: 'nodejs/server.ppk', bytes: 150, reason: 'holds a private key' }
    ])
    expect(result.excluded.map(entry => entry.path)).toEqual([
      'nodejs/node_modules/pkg/README.md',
      'nodejs/node_modules/pkg/tests',
      'nodejs/node_modules/pkg/tests/a.test.js',
      'nodejs/node_modules/docs-only/CHANGELOG.md'
    ])
    expect(result.excludedBytes).toBe(100 + 30 + 7)
  })

  it('packs secrets when asked to', () => {
    const result = filterLayerEntries(TREE, { exclude: [], includeSecrets: true, heads: HEADS })
    expect(result.kept).toHaveLength(TREE.length)
    expect(result.secrets).toEqual([])
  })
})

describe('secret rules', () => {
  it('reads only config and key files', () => {
    expect(needsContentCheck('a/.npmrc')).toBe(true)
    expect(needsContentCheck('a/id_ed25519')).toBe(true)
    expect(needsContentCheck('a/index.js')).toBe(false)
  })

  it('keeps an .npmrc without a credential and a certificate bundle', () => {
    expect(secretReason('nodejs/.npmrc', 'file', 'registry=https://example.test/\n')).toBeUndefined()
    expect(secretReason('python/certifi/cacert.pem', 'file', '-----BEGIN CERTIFICATE-----')).toBeUndefined()
  })

  it.each([
    ['.aws/credentials', 'file', undefined, '.aws/ holds credentials or repository metadata'],
    ['home/.ssh', 'directory', undefined, '.ssh/ holds credentials or repository metadata'],
    ['.pypirc', 'file', '[pypi]\nusername = __token__\npassword = pypi-abc\n', '.pypirc holds a credential'],
    ['.netrc', 'file', 'machine api.example.test login me password hunter2\n', '.netrc holds a credential'],
    ['keys/id_rsa', 'file', '-----BEGIN OPENSSH PRIVATE KEY-----\n', 'holds a private key']
  ] as const)('%s is a secret', (path, type, head, reason) => {
    expect(secretReason(path, type, head)).toBe(reason)
  })
})

describe('largestPackages', () => {
  it.each([
    ['nodejs/node_modules/@img/sharp-linux-x64/lib/sharp.node', '@img/sharp-linux-x64'],
    ['nodejs/node20/node_modules/ms/index.js', 'ms'],
    ['python/lib/python3.12/site-packages/numpy/core/x.so', 'numpy'],
    ['python/lib/python3.12/site-packages/PyYAML-6.0.dist-info/RECORD', 'pyyaml'],
    ['python/lib/python3.12/site-packages/six.py', 'six'],
    ['ruby/gems/3.3.0/gems/nokogiri-1.16.0/lib/nokogiri.rb', 'nokogiri (gem)'],
    ['java/lib/jackson-core-2.17.0.jar', 'jackson-core-2.17.0.jar'],
    ['bin/tool', 'bin']
  ])('%s belongs to %s', (path, name) => {
    expect(packageOf(path)).toBe(name)
  })

  it('sums by package, biggest first, at most ten', () => {
    const files = [
      { path: 'nodejs/node_modules/a/x.js', size: 5 },
      { path: 'nodejs/node_modules/b/x.js', size: 7 },
      { path: 'nodejs/node_modules/a/y.js', size: 5 },
      { path: 'nodejs/node_modules/.package-lock.json', size: 9 },
      { path: 'nodejs/node_modules/.bin/tool', size: 8 },
      ...Array.from({ length: 12 }, (_, index) => ({ path: `nodejs/node_modules/p${index}/i.js`, size: 1 }))
    ]
    const largest = largestPackages(files)
    expect(largest).toHaveLength(10)
    expect(largest.slice(0, 2)).toEqual([
      { name: 'a', bytes: 10 },
      { name: 'b', bytes: 7 }
    ])
  })
})

describe('parseGlobList', () => {
  it('splits like other lists but keeps braces whole', () => {
    expect(parseGlobList('**/*.md, **/*.{map,d.ts}\n**/tests/**')).toEqual([
      '**/*.md',
      '**/*.{map,d.ts}',
      '**/tests/**'
    ])
  })
})
