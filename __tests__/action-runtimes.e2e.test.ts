import { execFileSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { rubygemsMirror, writeGemSource, type GemSpec } from './helpers/gems.js'
import { useLoopbackServer } from './helpers/loopback.js'
import { COMMONS_LANG3, debianMavenUserHome, pomWithDependencies } from './helpers/maven.js'
import { buildElf } from './helpers/native-builders.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { zipEntryNames } from './helpers/zip-contents.js'
import { zipEntryModes } from './helpers/zip-modes.js'

const NODE_FIXTURE = resolve('__tests__/fixtures/node-layer')

const server = useLoopbackServer()

async function sourceFolder(prefix: string, files: Record<string, string | Buffer>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(folder, path, '..'), { recursive: true })
    await writeFile(join(folder, path), content)
  }
  return folder
}

const GEMFILE = `source "https://rubygems.org"

gem "greeter", "~> 1.0"

group :development do
  gem "devtool"
end

group :test do
  gem "checker"
end
`

describe('Ruby layer', () => {
  it('installs the Gemfile.lock gems for the runtime Ruby into ruby/gems/3.3.0, without development and test groups', async () => {
    const gems: GemSpec[] = [
      {
        name: 'greeter',
        version: '1.2.0',
        files: { 'lib/greeter.rb': 'require "polite"\n' },
        dependencies: [['polite', '>= 2.0']]
      },
      { name: 'polite', version: '2.0.1', files: { 'lib/polite.rb': 'module Polite; end\n' } },
      { name: 'devtool', version: '0.1.0', files: { 'lib/devtool.rb': 'module Devtool; end\n' } },
      { name: 'checker', version: '0.3.0', files: { 'lib/checker.rb': 'module Checker; end\n' } }
    ]
    const source = await sourceFolder('ruby-source-', { Gemfile: GEMFILE })
    const lockedSource = await writeGemSource(gems)
    execFileSync('bundle', ['lock'], {
      cwd: source,
      env: { ...process.env, ...rubygemsMirror(lockedSource) },
      stdio: 'ignore'
    })
    // The source now also offers a newer greeter: the lockfile, not the newest version, decides.
    const repo = await writeGemSource([...gems, { name: 'greeter', version: '1.3.0', files: { 'lib/greeter.rb': '' } }])

    const run = await runAction(
      { 'layer-name': 'ruby-gems', runtime: 'ruby3.3', regions: 'eu-central-1', source },
      { endpoint: server.url, env: rubygemsMirror(repo) }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const entries = zipEntryNames(run.outputs['archive-path'])
    const gemHome = 'ruby/gems/3.3.0'
    expect(entries).toContain(`${gemHome}/gems/greeter-1.2.0/lib/greeter.rb`)
    expect(entries).toContain(`${gemHome}/gems/polite-2.0.1/lib/polite.rb`)
    expect(entries).toContain(`${gemHome}/specifications/greeter-1.2.0.gemspec`)
    expect(entries).toContain(`${gemHome}/specifications/polite-2.0.1.gemspec`)
    expect(entries.filter(name => /devtool|checker|greeter-1\.3/.test(name))).toEqual([])
    expect(entries.filter(name => name.startsWith(`${gemHome}/cache/`))).toEqual([])
    expect(entries.every(name => name.startsWith('ruby/'))).toBe(true)
    expect(server.layerVersions('eu-central-1', 'ruby-gems')[0]).toMatchObject({ compatibleRuntimes: ['ruby3.3'] })
    expect((await readdir(source)).sort()).toEqual(['Gemfile', 'Gemfile.lock'])
  })

  it('refuses gems whose native extension was compiled for the runner Ruby, before publishing', async () => {
    const [runnerAbi, runnerPlatform] = execFileSync(
      'ruby',
      ['-e', 'print RbConfig::CONFIG["ruby_version"], " ", Gem::Platform.local'],
      { encoding: 'utf8' }
    ).split(' ')
    const runtime = ['ruby3.2', 'ruby3.3', 'ruby3.4'].find(id => `${id.slice(4)}.0` !== runnerAbi)!
    // A Makefile written by hand, so no compiler or Ruby headers are needed: RubyGems still records the build.
    const extconf =
      'dest = RbConfig::CONFIG["sitearchdir"]\nFile.write("Makefile", "all:\\n\\ttouch native.so\\ninstall:\\n\\tmkdir -p #{dest} && cp native.so #{dest}/\\nclean:\\n")\n'
    const repo = await writeGemSource([
      {
        name: 'native',
        version: '0.2.0',
        files: { 'lib/native_demo.rb': 'require "native.so"\n', 'ext/native/extconf.rb': extconf },
        extensions: ['ext/native/extconf.rb']
      }
    ])
    const source = await sourceFolder('ruby-native-', { Gemfile: 'source "https://rubygems.org"\ngem "native"\n' })
    const run = await runAction(
      { 'layer-name': 'ruby-native', runtime, regions: 'eu-central-1', source },
      { endpoint: server.url, env: rubygemsMirror(repo) }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `gems with native extensions (native-0.2.0) were compiled for Ruby ${runnerAbi} on ${runnerPlatform}, which ${runtime} (Ruby ${runtime.slice(4)}.0 on x86_64-linux) cannot load; ` +
        `compile them in the runtime's build image (input build-image: sam), or run on a x86_64-linux runner with ruby/setup-ruby ${runtime.slice(4)}`
    ])
    expect(server.requests).toEqual([])
  })
})

describe('Java layer', () => {
  it('copies the pom runtime dependencies into java/lib from the repository Maven is configured with', async () => {
    const userHome = await debianMavenUserHome()
    const source = await sourceFolder('maven-source-', {
      'pom.xml': pomWithDependencies('shared-deps', [
        COMMONS_LANG3,
        '<dependency><groupId>commons-io</groupId><artifactId>commons-io</artifactId><version>2.11.0</version><scope>test</scope></dependency>'
      ])
    })
    const run = await runAction(
      { 'layer-name': 'java-deps', runtime: 'java21', regions: 'us-east-2', source },
      { endpoint: server.url, env: { MAVEN_OPTS: `-Duser.home=${userHome}` } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(zipEntryNames(run.outputs['archive-path'])).toEqual([
      'java/',
      'java/lib/',
      'java/lib/commons-lang3-3.12.0.jar'
    ])
    expect(server.layerVersions('us-east-2', 'java-deps')[0]).toMatchObject({ compatibleRuntimes: ['java21'] })
    expect(await readdir(source)).toEqual(['pom.xml'])
  })

  it('names the missing Gradle when only build.gradle exists', async () => {
    const source = await sourceFolder('gradle-source-', { 'build.gradle': "plugins { id 'java' }\n" })
    const emptyPath = await mkdtemp(join(tmpdir(), 'no-tools-'))
    const run = await runAction(
      { 'layer-name': 'java-gradle', runtime: 'java17', regions: 'us-east-2', source },
      { endpoint: server.url, env: { PATH: emptyPath } }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      'build.gradle found but gradle is not on PATH and the source has no gradlew; add gradle/actions/setup-gradle before this step, or build from a pom.xml'
    ])
    expect(server.requests).toEqual([])
  })
})

describe('custom runtime layer', () => {
  it('packs bin/ and lib/ of the source, with every bin/ file and shared library executable', async () => {
    const source = await sourceFolder('provided-source-', {
      'bin/convert': buildElf({ machine: 'x86_64', type: 'executable', glibc: ['GLIBC_2.2.5', 'GLIBC_2.34'] }),
      'bin/convert-all': '#!/bin/sh\nfor f in "$@"; do /opt/bin/convert "$f"; done\n',
      'lib/libconvert.so.1': buildElf({ machine: 'x86_64', glibc: ['GLIBC_2.17'] }),
      Makefile: 'all:\n\tcc -o bin/convert convert.c\n',
      'README.md': '# converter\n'
    })
    await chmod(join(source, 'bin/convert'), 0o755)
    await chmod(join(source, 'bin/convert-all'), 0o644)
    const run = await runAction(
      { 'layer-name': 'converter', runtime: 'provided.al2023', regions: 'ap-northeast-1', source },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(zipEntryModes(run.outputs['archive-path'])).toEqual({
      'bin/': 0o755,
      'bin/convert': 0o755,
      'bin/convert-all': 0o755,
      'lib/': 0o755,
      'lib/libconvert.so.1': 0o755
    })
    expect(server.layerVersions('ap-northeast-1', 'converter')[0]).toMatchObject({
      compatibleRuntimes: ['provided.al2023']
    })
  })

  it('makes bootstrap and bin/ files executable when a prebuilt folder is zipped as it is', async () => {
    const source = await sourceFolder('prebuilt-provided-', {
      bootstrap: '#!/bin/sh\nexec /opt/bin/handler\n',
      'bin/handler': '#!/bin/sh\necho ok\n'
    })
    const run = await runAction(
      {
        'layer-name': 'custom-bootstrap',
        runtime: 'provided.al2',
        regions: 'eu-west-1',
        source,
        install: 'false',
        publish: 'false'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(zipEntryModes(run.outputs['archive-path'])).toEqual({
      'bin/': 0o755,
      'bin/handler': 0o755,
      bootstrap: 0o755
    })
  })

  it('publishes a layer that is only a bootstrap, the custom runtime itself', async () => {
    const source = await sourceFolder('bootstrap-only-', { bootstrap: '#!/bin/sh\nexec /var/task/handler\n' })
    for (const install of ['true', 'false']) {
      const run = await runAction(
        { 'layer-name': 'runtime-only', runtime: 'provided.al2023', regions: 'eu-west-1', source, install },
        { endpoint: server.url }
      )
      expect(errorLines(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      expect(zipEntryModes(run.outputs['archive-path'])).toEqual({ bootstrap: 0o755 })
    }
    expect(server.layerVersions('eu-west-1', 'runtime-only')).toHaveLength(1)
  })

  it('accepts bin/ and lib/ for any runtime: a python3.12 layer that is only a tool', async () => {
    const source = await sourceFolder('python-tool-', {
      'bin/ffprobe': buildElf({ machine: 'x86_64', type: 'executable', glibc: ['GLIBC_2.17'] })
    })
    const run = await runAction(
      { 'layer-name': 'ffprobe', runtime: 'python3.12', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(zipEntryModes(run.outputs['archive-path'])).toEqual({ 'bin/': 0o755, 'bin/ffprobe': 0o755 })
    expect(JSON.parse(run.outputs['layer-version-arns'])).toEqual({
      'eu-west-1': 'arn:aws:lambda:eu-west-1:123456789012:layer:ffprobe:1'
    })
  })

  it('refuses an install source with no bin/, lib/ or bootstrap', async () => {
    const source = await sourceFolder('provided-empty-', { 'main.go': 'package main\n' })
    const run = await runAction(
      { 'layer-name': 'nothing', runtime: 'provided.al2023', regions: 'eu-west-1', source },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `Input "source": ${source} has no bin/, lib/ or bootstrap; provided.al2023 layers are built from bin/ (executables), lib/ (shared libraries) and a bootstrap file (or set install: false to zip the folder as it is).`
    ])
  })
})

describe('node-path-style', () => {
  it('versioned installs into nodejs/nodeNN/node_modules for the runtime major', async () => {
    const run = await runAction(
      {
        'layer-name': 'node-versioned',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: NODE_FIXTURE,
        'node-path-style': 'versioned',
        publish: 'false'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    const entries = zipEntryNames(run.outputs['archive-path'])
    expect(entries).toContain('nodejs/node22/node_modules/ms/index.js')
    expect(entries.filter(name => name.startsWith('nodejs/node_modules'))).toEqual([])
  })
})
