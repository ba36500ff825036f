import { bundlerEnvironment, extensionProblem, rubyAbi, withoutOwnSettings } from '../src/install/ruby-gems.js'
import { mavenArgs } from '../src/install/java-maven.js'
import { GRADLE_INIT_SCRIPT, GRADLE_TASK, gradleArgs } from '../src/install/java-gradle.js'
import { isExecutablePath, markExecutables } from '../src/package/executable-paths.js'
import { findRuntime } from '../src/model/runtimes.js'

const ruby33 = findRuntime('ruby3.3')!

describe('Ruby gems', () => {
  it.each([
    ['ruby3.2', '3.2.0'],
    ['ruby3.3', '3.3.0'],
    ['ruby3.4', '3.4.0']
  ])('%s loads gems built for Ruby ABI %s', (id, abi) => {
    expect(rubyAbi(findRuntime(id)!)).toBe(abi)
  })

  it('installs from the staged Gemfile into scratch, leaving out development and test plus the user groups', () => {
    expect(
      bundlerEnvironment({ family: 'ruby', gemfile: 'Gemfile', lockfile: 'Gemfile.lock' }, '/stage', {
        BUNDLE_WITHOUT: 'docs:test'
      })
    ).toEqual({
      BUNDLE_GEMFILE: '/stage/Gemfile',
      BUNDLE_APP_CONFIG: '/stage/.bundle',
      BUNDLE_PATH: '/stage/bundle',
      BUNDLE_WITHOUT: 'development:test:docs',
      BUNDLE_FROZEN: 'true'
    })
    expect(bundlerEnvironment({ family: 'ruby', gemfile: 'gems.rb' }, '/stage', {})).toMatchObject({
      BUNDLE_GEMFILE: '/stage/gems.rb',
      BUNDLE_WITHOUT: 'development:test',
      BUNDLE_FROZEN: 'false'
    })
  })

  it('keeps mirrors and credentials of a .bundle/config but not the settings it decides', () => {
    const config =
      '---\nBUNDLE_PATH: "vendor/bundle"\nBUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/: "https://gems.example.com"\nBUNDLE_WITHOUT: "ops"\nBUNDLE_JOBS: "4"\n'
    expect(withoutOwnSettings(config)).toBe(
      '---\nBUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/: "https://gems.example.com"\nBUNDLE_JOBS: "4"\n'
    )
  })

  it('accepts extensions built for the runtime Ruby and CPU', () => {
    expect(extensionProblem([], ruby33, ['x86_64'])).toBeUndefined()
    expect(
      extensionProblem([{ gem: 'ffi-1.16.3', platform: 'aarch64-linux', abi: '3.3.0' }], ruby33, ['arm64'])
    ).toBeUndefined()
  })

  it('refuses extensions compiled for another Ruby ABI or CPU, suggesting the build image', () => {
    expect(extensionProblem([{ gem: 'ffi-1.16.3', platform: 'x86_64-linux', abi: '3.1.0' }], ruby33, ['x86_64'])).toBe(
      'gems with native extensions (ffi-1.16.3) were compiled for Ruby 3.1.0 on x86_64-linux, which ruby3.3 (Ruby 3.3.0 on x86_64-linux) cannot load; ' +
        "compile them in the runtime's build image (input build-image: sam), or run on a x86_64-linux runner with ruby/setup-ruby 3.3"
    )
    expect(
      extensionProblem([{ gem: 'nio4r-2.7.0', platform: 'x86_64-linux', abi: '3.3.0' }], ruby33, ['arm64'])
    ).toMatch(
      /^gems with native extensions \(nio4r-2.7.0\) were compiled for Ruby 3.3.0 on x86_64-linux, which ruby3.3 \(Ruby 3.3.0 on aarch64-linux\) cannot load/
    )
    expect(
      extensionProblem([{ gem: 'bcrypt-3.1.20', platform: 'x86_64-linux', abi: '3.3.0' }], ruby33, ['x86_64', 'arm64'])
    ).toMatch(/bcrypt-3.1.20/)
  })
})

describe('Java dependencies', () => {
  it('copies the runtime scope with the pinned dependency plugin', () => {
    expect(mavenArgs('/src/pom.xml', '/layer/java/lib')).toEqual([
      '--batch-mode',
      '--no-transfer-progress',
      '--file',
      '/src/pom.xml',
      'org.apache.maven.plugins:maven-dependency-plugin:3.5.0:copy-dependencies',
      '-DincludeScope=runtime',
      '-DoutputDirectory=/layer/java/lib'
    ])
  })

  it('adds a runtimeClasspath copy task to Gradle through an init script, with caches kept out of the source', () => {
    expect(gradleArgs('/stage/init.gradle', '/stage/cache', '/layer/java/lib')).toEqual([
      '--no-daemon',
      '--console=plain',
      '--init-script',
      '/stage/init.gradle',
      '--project-cache-dir',
      '/stage/cache',
      '-PlambdaLayerOutput=/layer/java/lib',
      GRADLE_TASK
    ])
    expect(GRADLE_INIT_SCRIPT).toContain('from project.configurations.runtimeClasspath')
    expect(GRADLE_INIT_SCRIPT).toContain("into project.property('lambdaLayerOutput')")
  })
})

describe('executable paths', () => {
  it('makes bin/ files, bootstrap and lib/ shared libraries 0755 and leaves other files alone', () => {
    expect(
      [
        'bootstrap',
        'bin/tool',
        'bin/sub/helper',
        'lib/libz.so',
        'lib/libz.so.1',
        'lib/x86_64/libvips.so.42.17.1'
      ].every(isExecutablePath)
    ).toBe(true)
    expect(
      [
        'lib/README',
        'lib/libz.a',
        'lib/libz.so.txt',
        'nodejs/node_modules/.bin/x',
        'nodejs/lib/x.so',
        'bootstrap.sh',
        'binary/x'
      ].some(isExecutablePath)
    ).toBe(false)
    const entries = markExecutables([
      { path: 'bin', type: 'directory', mode: 0o700, size: 0 },
      { path: 'bin/tool', type: 'file', mode: 0o644, size: 3 },
      { path: 'lib/libtool.so', type: 'file', mode: 0o644, size: 3 },
      { path: 'lib/tool.conf', type: 'file', mode: 0o644, size: 3 }
    ])
    expect(entries.map(entry => entry.mode)).toEqual([0o700, 0o755, 0o755, 0o644])
  })
})
