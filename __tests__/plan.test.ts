import { planBuild } from '../src/plan/plan.js'
import { readInputs } from '../src/inputs/read-inputs.js'
import { layoutProblem } from '../src/model/layout.js'
import { sizeLimitViolations } from '../src/package/size-limits.js'
import { findRuntime } from '../src/model/runtimes.js'

function inputsFor(runtime: string, extra: Record<string, string> = {}) {
  const values: Record<string, string> = { 'layer-name': 'l', runtime, regions: 'eu-west-1', ...extra }
  return readInputs(name => values[name] ?? '', {})
}

describe('planBuild', () => {
  it('picks the package manager from the lockfile', () => {
    expect(planBuild(inputsFor('nodejs22.x'), ['package.json', 'pnpm-lock.yaml'], '/src')).toEqual({
      kind: 'install',
      sourceDir: '/src',
      install: {
        family: 'nodejs',
        packageManager: 'pnpm',
        lockfile: 'pnpm-lock.yaml',
        nodeModulesPath: 'nodejs/node_modules'
      }
    })
    expect(planBuild(inputsFor('nodejs22.x'), ['package.json'], '/src')).toMatchObject({
      install: { packageManager: 'npm' }
    })
  })

  it('installs into nodejs/nodeNN/node_modules for the runtime major with node-path-style versioned', () => {
    expect(
      planBuild(inputsFor('nodejs24.x', { 'node-path-style': 'versioned' }), ['package.json'], '/src')
    ).toMatchObject({
      install: { family: 'nodejs', nodeModulesPath: 'nodejs/node24/node_modules' }
    })
    expect(
      planBuild(inputsFor('nodejs20.x', { 'node-path-style': 'standard' }), ['package.json'], '/src')
    ).toMatchObject({
      install: { nodeModulesPath: 'nodejs/node_modules' }
    })
  })

  it('prefers requirements.txt over pyproject.toml', () => {
    expect(planBuild(inputsFor('python3.12'), ['pyproject.toml', 'requirements.txt'], '/src')).toMatchObject({
      install: { family: 'python', manifest: 'requirements.txt' }
    })
  })

  it('refuses a manifest of another family before installing', () => {
    expect(() => planBuild(inputsFor('python3.12'), ['package.json'], '/src')).toThrow(
      'Input "source": /src has package.json (nodejs); python3.12 needs requirements.txt or pyproject.toml or Pipfile.lock'
    )
    expect(() => planBuild(inputsFor('ruby3.3'), ['pom.xml', 'README.md'], '/src')).toThrow(
      'Input "source": /src has pom.xml (java); ruby3.3 needs Gemfile or gems.rb'
    )
    expect(() => planBuild(inputsFor('java21'), ['Gemfile', 'Gemfile.lock'], '/src')).toThrow(
      'Input "source": /src has Gemfile (ruby); java21 needs pom.xml or build.gradle or build.gradle.kts'
    )
    expect(() => planBuild(inputsFor('provided.al2023'), ['package.json', 'src'], '/src')).toThrow(
      'Input "source": /src has no bin/, lib/ or bootstrap; provided.al2023 layers are built from bin/ (executables), lib/ (shared libraries) and a bootstrap file'
    )
  })

  it('plans bundler with the lockfile when there is one', () => {
    expect(planBuild(inputsFor('ruby3.3'), ['Gemfile', 'Gemfile.lock'], '/src')).toEqual({
      kind: 'install',
      sourceDir: '/src',
      install: { family: 'ruby', gemfile: 'Gemfile', lockfile: 'Gemfile.lock' }
    })
    expect(planBuild(inputsFor('ruby3.2'), ['gems.rb'], '/src')).toMatchObject({
      install: { family: 'ruby', gemfile: 'gems.rb' }
    })
    expect(planBuild(inputsFor('ruby3.2'), ['gems.rb'], '/src')).not.toHaveProperty('install.lockfile')
  })

  it('prefers Maven over Gradle and recognises Kotlin build scripts', () => {
    expect(planBuild(inputsFor('java17'), ['build.gradle', 'pom.xml'], '/src')).toMatchObject({
      install: { family: 'java', buildTool: 'maven', manifest: 'pom.xml' }
    })
    expect(planBuild(inputsFor('java25'), ['settings.gradle.kts', 'build.gradle.kts'], '/src')).toMatchObject({
      install: { family: 'java', buildTool: 'gradle', manifest: 'build.gradle.kts' }
    })
  })

  it('copies only bin/, lib/ and bootstrap of a custom runtime source', () => {
    expect(planBuild(inputsFor('provided.al2'), ['Makefile', 'lib', 'bin', 'src'], '/src')).toMatchObject({
      install: { family: 'provided', paths: ['bin', 'lib'] }
    })
    expect(planBuild(inputsFor('provided.al2023'), ['bootstrap'], '/src')).toMatchObject({
      install: { paths: ['bootstrap'] }
    })
  })

  it('zips the folder as it is when install is false, and takes an archive as it is', () => {
    expect(planBuild(inputsFor('ruby3.3', { install: 'false' }), [], '/src')).toEqual({
      kind: 'prebuilt',
      sourceDir: '/src'
    })
    expect(planBuild(inputsFor('java21', { archive: 'x.zip' }), [], '')).toEqual({
      kind: 'archive',
      archivePath: 'x.zip'
    })
  })
})

describe('layoutProblem', () => {
  it('accepts content under a folder the runtime loads', () => {
    expect(layoutProblem(['nodejs/', 'nodejs/node_modules/ms/index.js'], findRuntime('nodejs20.x')!)).toBeUndefined()
    expect(layoutProblem(['nodejs/node20/node_modules/ms/index.js'], findRuntime('nodejs20.x')!)).toBeUndefined()
    expect(layoutProblem(['python/lib/python3.12/site-packages/x.py'], findRuntime('python3.12')!)).toBeUndefined()
    expect(layoutProblem(['bin/bootstrap'], findRuntime('provided.al2023')!)).toBeUndefined()
  })

  it('names where the runtime looks and what was found instead', () => {
    expect(layoutProblem(['node_modules/ms/index.js'], findRuntime('nodejs20.x')!)).toBe(
      'nothing in the layer is where nodejs20.x loads from (/opt/nodejs/node_modules or /opt/nodejs/node20/node_modules or /opt/bin or /opt/lib); its top level holds node_modules'
    )
    expect(layoutProblem(['python/lib/python3.11/site-packages/x.py'], findRuntime('python3.12')!)).toBeUndefined()
  })
})

describe('sizeLimitViolations', () => {
  it('flags layers over 250 MiB unzipped and zips over 50 MiB', () => {
    expect(
      sizeLimitViolations({ zipBytes: 10, files: [{ path: 'nodejs/node_modules/a/x.js', size: 10 }] }, false)
    ).toEqual([])
    const files = [
      { path: 'nodejs/node_modules/big/blob.bin', size: 200 * 1024 * 1024 },
      { path: 'nodejs/node_modules/small/x.js', size: 60 * 1024 * 1024 }
    ]
    expect(sizeLimitViolations({ zipBytes: 51 * 1024 * 1024, files: files.slice(1) }, true)).toEqual([])
    expect(sizeLimitViolations({ zipBytes: 51 * 1024 * 1024, files }, false)).toEqual([
      "the layer unzips to 260.0 MiB, over Lambda's 250 MiB limit for a function and its layers (largest: big 200.0 MiB, small 60.0 MiB)",
      'the zip is 51.0 MiB, over the 50 MiB direct-upload limit; set s3-bucket (e.g. layers-{region}-<account>) to publish it through S3'
    ])
  })
})
