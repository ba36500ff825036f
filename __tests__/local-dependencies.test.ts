import { isWorkspaceMember, workspacePatterns } from '../src/plan/node-workspace.js'
import { localDependencies, localPath } from '../src/install/node-staging.js'
import { installScripts } from '../src/install/node-scripts.js'
import { localGemSources } from '../src/install/ruby-local-gems.js'
import { nodeShebangWorks, rubyShebangForLambda, shebangLine } from '../src/install/shebang.js'
import { describeModeChanges, linkProblems, type ArchiveEntry } from '../src/package/archive-entries.js'
import { layerMode } from '../src/package/executable-paths.js'

describe('workspaces', () => {
  it('reads npm/yarn workspaces (array or { packages }) and pnpm-workspace.yaml globs', () => {
    expect(workspacePatterns('{"workspaces":["packages/*","apps/**"]}', undefined)).toEqual(['packages/*', 'apps/**'])
    expect(workspacePatterns('{"workspaces":{"packages":["libs/*"]}}', undefined)).toEqual(['libs/*'])
    expect(workspacePatterns('{"name":"x"}', undefined)).toEqual([])
    expect(workspacePatterns('not json', undefined)).toEqual([])
    expect(
      workspacePatterns(
        undefined,
        'packages:\n  - \'packages/*\'\n  # a comment\n  - "!**/test/**"\n  - tools/cli # inline\ncatalog:\n  ms: 2.1.3\n'
      )
    ).toEqual(['packages/*', '!**/test/**', 'tools/cli'])
  })

  it('tells members from other folders, negations included', () => {
    const patterns = ['packages/*', './apps/', '!packages/legacy']
    expect(isWorkspaceMember('packages/api', patterns)).toBe(true)
    expect(isWorkspaceMember('apps', patterns)).toBe(true)
    expect(isWorkspaceMember('packages/legacy', patterns)).toBe(false)
    expect(isWorkspaceMember('packages/api/sub', patterns)).toBe(false)
    expect(isWorkspaceMember('tools/x', patterns)).toBe(false)
  })
})

describe('local Node.js dependencies', () => {
  it('resolves file:, link:, portal: and bare paths from the package.json folder; registry and git specs are not local', () => {
    expect(localPath('file:../shared', '/repo/app', '/home/u')).toBe('/repo/shared')
    expect(localPath('link:./vendor/x', '/repo/app', '/home/u')).toBe('/repo/app/vendor/x')
    expect(localPath('portal:../p', '/repo/app', '/home/u')).toBe('/repo/p')
    expect(localPath('../t/x-1.0.0.tgz', '/repo/app', '/home/u')).toBe('/repo/t/x-1.0.0.tgz')
    expect(localPath('file:/abs/x', '/repo/app', '/home/u')).toBe('/abs/x')
    expect(localPath('~/pkgs/y', '/repo/app', '/home/u')).toBe('/home/u/pkgs/y')
    for (const spec of ['^1.2.3', 'workspace:*', 'npm:ms@2', 'github:a/b', 'git+https://x/y.git', 'latest'])
      expect(localPath(spec, '/repo/app', '/home/u')).toBeUndefined()
  })

  it('lists production and dev local dependencies with where they are named', () => {
    expect(
      localDependencies(
        {
          dependencies: { shared: 'file:../shared', ms: '2.1.3' },
          optionalDependencies: { opt: '../opt.tgz' },
          devDependencies: { tool: 'link:../tool' }
        },
        '/repo/app',
        '/home/u'
      )
    ).toEqual([
      {
        name: 'shared',
        spec: 'file:../shared',
        manifest: '/repo/app/package.json',
        path: '/repo/shared',
        production: true
      },
      { name: 'opt', spec: '../opt.tgz', manifest: '/repo/app/package.json', path: '/repo/opt.tgz', production: true },
      { name: 'tool', spec: 'link:../tool', manifest: '/repo/app/package.json', path: '/repo/tool', production: false }
    ])
  })

  it('names the install-time scripts npm would run, node-gyp for a binding.gyp included', () => {
    expect(installScripts({ postinstall: 'node install.js', test: 'jest' }, false)).toEqual([
      ['postinstall', 'node install.js']
    ])
    expect(installScripts(undefined, true)).toEqual([['install', 'node-gyp rebuild']])
    expect(installScripts({ install: 'prebuild-install || node-gyp rebuild' }, true)).toEqual([
      ['install', 'prebuild-install || node-gyp rebuild']
    ])
    expect(installScripts({ build: 'tsc' }, false)).toEqual([])
  })
})

describe('local gems', () => {
  it('finds path: gems, path blocks, gemspec and the lockfile PATH remotes, from the Gemfile folder', () => {
    const gemfile = `source "https://rubygems.org"
gemspec
gem "mine", path: "../mine"
gem 'other', '~> 1.0', require: false, path: 'vendor/other'
path "../engines" do
  gem "engine"
end
gem "rails"
`
    const lockfile = 'PATH\n  remote: ../mine\n  specs:\n    mine (0.1.0)\n\nPATH\n  remote: ../from-lock\n  specs:\n'
    expect(localGemSources(gemfile, lockfile, '/repo/app')).toEqual([
      { gem: 'mine', path: '/repo/mine' },
      { gem: 'other', path: '/repo/app/vendor/other' },
      { path: '/repo/engines' },
      { path: '/repo/app' },
      { path: '/repo/from-lock' }
    ])
  })
})

describe('binstub shebangs', () => {
  it('gives Ruby commands the runtime Ruby and keeps interpreter options', () => {
    expect(rubyShebangForLambda('#!/usr/bin/env ruby3.1')).toBe('#!/usr/bin/env ruby')
    expect(rubyShebangForLambda('#!/opt/hostedtoolcache/Ruby/3.3.6/x64/bin/ruby')).toBe('#!/usr/bin/env ruby')
    expect(rubyShebangForLambda('#!/usr/bin/ruby3.3 -w')).toBe('#!/usr/bin/env ruby -w')
    expect(rubyShebangForLambda('#!/usr/bin/env ruby')).toBe('#!/usr/bin/env ruby')
    expect(rubyShebangForLambda('#!/bin/sh')).toBeUndefined()
  })

  it('accepts Node.js commands that start with node, sh or bash by the usual paths', () => {
    expect(nodeShebangWorks('#!/usr/bin/env node')).toBe(true)
    expect(nodeShebangWorks('#!/usr/bin/env -S node --no-warnings')).toBe(true)
    expect(nodeShebangWorks('#!/bin/sh')).toBe(true)
    expect(nodeShebangWorks(undefined)).toBe(true)
    expect(nodeShebangWorks('#!/home/runner/work/_tool/node/22.1.0/x64/bin/node')).toBe(false)
    expect(nodeShebangWorks('#!/usr/bin/env python3')).toBe(false)
    expect(shebangLine(Buffer.from('#!/usr/bin/env node\r\nconsole.log(1)\n'))).toBe('#!/usr/bin/env node')
    expect(shebangLine(Buffer.from('\x7fELF...'))).toBeUndefined()
  })
})

describe('archive rules', () => {
  function entry(path: string, type: ArchiveEntry['type'], mode?: number, linkTarget?: string): ArchiveEntry {
    return {
      path,
      type,
      mode,
      linkTarget,
      layerMode: layerMode({ path, type, mode: mode ?? 0 }),
      data: () => Buffer.alloc(0)
    }
  }

  it('gives archive entries the same modes as folder entries', () => {
    expect(layerMode({ path: 'bin/tool', type: 'file', mode: 0o600 })).toBe(0o755)
    expect(layerMode({ path: 'bootstrap', type: 'file', mode: 0 })).toBe(0o755)
    expect(layerMode({ path: 'lib/libz.so.1.3', type: 'file', mode: 0o644 })).toBe(0o755)
    expect(layerMode({ path: 'python/x.py', type: 'file', mode: 0o775 })).toBe(0o755)
    expect(layerMode({ path: 'python/x.py', type: 'file', mode: 0o600 })).toBe(0o644)
    expect(layerMode({ path: 'python', type: 'directory', mode: 0o700 })).toBe(0o755)
  })

  it('refuses links leaving the layer or pointing at no entry; keeps links to entries and folders', () => {
    const entries = [
      entry('lib/libz.so.1', 'file', 0o755),
      entry('lib/libz.so', 'symlink', 0o777, 'libz.so.1'),
      entry('lib/up', 'symlink', 0o777, '..'),
      entry('lib/etc', 'symlink', 0o777, '/etc/passwd'),
      entry('lib/out', 'symlink', 0o777, '../../x'),
      entry('lib/gone', 'symlink', 0o777, 'libgone.so')
    ]
    expect(linkProblems(entries)).toEqual([
      'holds a symbolic link "lib/etc" to "/etc/passwd" that points outside the layer',
      'holds a symbolic link "lib/out" to "../../x" that points outside the layer',
      'holds a symbolic link "lib/gone" to "libgone.so" that points at nothing in the archive'
    ])
  })

  it('describes changed and missing modes in one line, shortening long lists', () => {
    const changes = Array.from({ length: 12 }, (_, index) => ({ path: `bin/t${index}`, from: 0o644, to: 0o755 }))
    expect(describeModeChanges([...changes, { path: 'bootstrap', to: 0o755 }], 2)).toBe(
      'modes changed for 12 entries: bin/t0 0644 → 0755, bin/t1 0644 → 0755 and 10 more; 1 entry carries no Unix modes (made on Windows) and were given 0755: bootstrap 0755'
    )
  })
})
