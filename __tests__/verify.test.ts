import { readFileSync } from 'node:fs'
import { findRuntime } from '../src/model/runtimes.js'
import { layerModules } from '../src/verify/layer-modules.js'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  directGems,
  gemfileGems,
  lockfileDependencies,
  packageJsonDependencies,
  pythonImportNames
} from '../src/verify/direct-dependencies.js'
import { lambdaEnvironment } from '../src/verify/lambda-environment.js'
import { dockerLoadArgs } from '../src/verify/image-load.js'
import { lambdaBaseImage } from '../src/verify/load-route.js'
import { elfInterpreter, interpreterPresent } from '../src/verify/elf-interpreter.js'
import { verdict } from '../src/verify/verify-result.js'
import { runProcess } from '../src/verify/run-load.js'
import { readVerify, readVerifyImage } from '../src/inputs/verify-inputs.js'

const runtime = (id: string) => findRuntime(id)!

describe('layerModules', () => {
  it('lists Node.js packages (scoped too) in both folders, leaving out .bin, @types and dot files', () => {
    const entries = [
      'nodejs/',
      'nodejs/node_modules/',
      'nodejs/node_modules/.bin/ms',
      'nodejs/node_modules/.package-lock.json',
      'nodejs/node_modules/ms/',
      'nodejs/node_modules/ms/index.js',
      'nodejs/node_modules/@aws-sdk/client-s3/package.json',
      'nodejs/node_modules/@types/node/index.d.ts',
      'nodejs/node_modules/loose.js',
      'nodejs/node20/node_modules/sharp/package.json',
      'nodejs/node18/node_modules/old/package.json'
    ]
    expect(layerModules(entries, runtime('nodejs20.x'))).toEqual([
      { name: 'ms' },
      { name: '@aws-sdk/client-s3' },
      { name: 'loose' },
      { name: 'sharp' },
      { name: 'old', strayFolder: 'nodejs/node18/node_modules' }
    ])
  })

  it('lists Python packages and modules, and those in another Python version folder as stray', () => {
    const site = 'python/lib/python3.11/site-packages'
    const entries = [
      `${site}/requests/__init__.py`,
      `${site}/requests-2.32.0.dist-info/METADATA`,
      `${site}/_cffi_backend.cpython-311-x86_64-linux-gnu.so`,
      `${site}/six.py`,
      `${site}/numpy.libs/libopenblas.so`,
      `${site}/__pycache__/six.cpython-311.pyc`,
      `${site}/bin/normalizer`,
      `${site}/share/doc/readme.txt`,
      'python/handler_utils.py',
      'python/lib/python3.12/site-packages/wrong/__init__.py'
    ]
    expect(layerModules(entries, runtime('python3.11'))).toEqual([
      { name: 'requests' },
      { name: '_cffi_backend' },
      { name: 'six' },
      { name: 'handler_utils' },
      { name: 'wrong', strayFolder: 'python/lib/python3.12/site-packages' }
    ])
  })

  it('lists gems by name without version or platform, and Ruby files in ruby/lib', () => {
    const entries = [
      'ruby/gems/3.3.0/gems/nokogiri-1.16.5-x86_64-linux/lib/nokogiri.rb',
      'ruby/gems/3.3.0/gems/aws-sdk-s3-1.150.0/lib/aws-sdk-s3.rb',
      'ruby/gems/3.3.0/specifications/nokogiri-1.16.5-x86_64-linux.gemspec',
      'ruby/lib/helpers.rb'
    ]
    expect(layerModules(entries, runtime('ruby3.3')).map(candidate => candidate.name)).toEqual([
      'nokogiri',
      'aws-sdk-s3',
      'helpers'
    ])
  })
})

describe('direct dependencies', () => {
  it('reads package.json dependencies only', () => {
    expect(packageJsonDependencies('{"dependencies":{"ms":"2"},"devDependencies":{"jest":"30"}}')).toEqual(['ms'])
  })

  it('maps a distribution to import names through top_level.txt, else RECORD', () => {
    expect(pythonImportNames('yaml\n_yaml\n', undefined)).toEqual(['yaml', '_yaml'])
    const record = [
      'attr/__init__.py,sha256=x,1',
      'attrs/__init__.py,sha256=x,1',
      'attrs-23.2.0.dist-info/RECORD,,',
      '../../bin/tool,sha256=x,1',
      'typing_extensions.py,sha256=x,1',
      'attr/__pycache__/x.pyc,,'
    ].join('\n')
    expect(pythonImportNames(undefined, record)).toEqual(['attr', 'attrs', 'typing_extensions'])
  })

  it('reads the DEPENDENCIES of a Gemfile.lock and the gems of a Gemfile', () => {
    const lock = [
      'GEM',
      '  remote: https://rubygems.org/',
      '  specs:',
      '    nokogiri (1.16.5-x86_64-linux)',
      '',
      'DEPENDENCIES',
      '  aws-sdk-s3 (~> 1)',
      '  local_gem!',
      '  nokogiri',
      '',
      'BUNDLED WITH',
      '   2.5.0'
    ].join('\n')
    expect(lockfileDependencies(lock)).toEqual(['aws-sdk-s3', 'local_gem', 'nokogiri'])
    expect(gemfileGems("source 'https://rubygems.org'\ngem 'rake', require: false\ngem \"json\", '~> 2'\n")).toEqual([
      'json'
    ])
  })
})

describe('directGems', () => {
  it('keeps the locked direct dependencies bundler installed, without require: false ones', async () => {
    const source = await mkdtemp(join(tmpdir(), 'verify-gems-'))
    await writeFile(
      join(source, 'Gemfile'),
      "gem 'nokogiri'\ngem 'rake', require: false\ngroup :test do\n  gem 'rspec'\nend\ngem 'aws-sdk-s3'\n"
    )
    await writeFile(join(source, 'Gemfile.lock'), 'DEPENDENCIES\n  aws-sdk-s3\n  nokogiri (~> 1.16)\n  rake\n  rspec\n')
    // rspec is in the test group, which the installer leaves out: not in the layer, not loaded.
    expect(await directGems(source, 'Gemfile', ['aws-sdk-s3', 'nokogiri', 'rake', 'mini_portile2'])).toEqual([
      'aws-sdk-s3',
      'nokogiri'
    ])
  })
})

describe('the load environment', () => {
  it("is Lambda's inside the Lambda image, rooted at /opt", () => {
    const env = lambdaEnvironment(runtime('nodejs22.x'), {
      layer: '/opt',
      task: '/var/task',
      image: true,
      region: 'eu-west-1'
    })
    expect(env).toEqual({
      PATH: '/var/lang/bin:/usr/local/bin:/usr/bin:/bin:/opt/bin',
      LD_LIBRARY_PATH: '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: '/var/task',
      LAMBDA_RUNTIME_DIR: '/var/runtime',
      NODE_PATH:
        '/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task'
    })
  })

  it('holds only the layer on the runner: no runtime folders, HOME in the empty task folder', () => {
    const env = lambdaEnvironment(runtime('python3.11'), {
      layer: '/s/opt',
      task: '/s/task',
      image: false,
      interpreterDir: '/py/bin',
      region: 'eu-west-1'
    })
    expect(env).toEqual({
      PATH: '/py/bin:/usr/local/bin:/usr/bin:/bin:/s/opt/bin',
      LD_LIBRARY_PATH: '/s/opt/lib',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.11',
      LAMBDA_TASK_ROOT: '/s/task',
      LAMBDA_RUNTIME_DIR: '/var/runtime',
      HOME: '/s/task',
      PYTHONPATH: '/s/opt/python/lib/python3.11/site-packages:/s/opt/python',
      PYTHONNOUSERSITE: '1'
    })
  })
})

describe('the image route', () => {
  it("names AWS's Lambda base image for each runtime", () => {
    expect(
      ['nodejs22.x', 'python3.12', 'ruby3.3', 'java8.al2', 'java21', 'provided.al2023'].map(id =>
        lambdaBaseImage(runtime(id))
      )
    ).toEqual([
      'public.ecr.aws/lambda/nodejs:22',
      'public.ecr.aws/lambda/python:3.12',
      'public.ecr.aws/lambda/ruby:3.3',
      'public.ecr.aws/lambda/java:8.al2',
      'public.ecr.aws/lambda/java:21',
      'public.ecr.aws/lambda/provided:al2023'
    ])
  })

  it('mounts the layer read-only at /opt and runs the loader as the entrypoint', () => {
    const args = dockerLoadArgs(
      { image: 'img', platform: 'linux/arm64', layerDir: '/w/opt', taskDir: '/w/task', name: 'n', env: { A: '1' } },
      { program: 'node', args: ['-e', 'x', 'ms'] }
    )
    expect(args).toEqual([
      'run',
      '--rm',
      '--name',
      'n',
      '--platform',
      'linux/arm64',
      '--volume',
      '/w/opt:/opt:ro',
      '--volume',
      '/w/task:/var/task:ro',
      '--workdir',
      '/var/task',
      '--env',
      'A=1',
      '--entrypoint',
      'node',
      'img',
      '-e',
      'x',
      'ms'
    ])
  })
})

describe('ELF interpreters', () => {
  it("reads this machine's /bin/true interpreter and knows Amazon Linux has it", () => {
    const interpreter = elfInterpreter(readFileSync('/bin/true'))
    expect(interpreter).toMatch(/^\/lib.*\/ld-linux-(x86-64|aarch64)\.so\.[12]$/)
    expect(interpreterPresent(interpreter!, ['x86_64', 'arm64'], new Set())).toBe(true)
  })

  it('rejects musl and store paths, accepts a loader the layer ships under /opt', () => {
    expect(interpreterPresent('/lib/ld-musl-x86_64.so.1', ['x86_64'], new Set())).toBe(false)
    expect(interpreterPresent('/opt/lib/ld.so', ['x86_64'], new Set(['lib/ld.so']))).toBe(true)
    expect(elfInterpreter(Buffer.from('#!/bin/sh\n'))).toBeUndefined()
  })
})

describe('verdict', () => {
  it('is skipped when nothing loaded, never true', () => {
    expect(verdict([])).toBe('skipped')
    expect(verdict([{ module: 'x', outcome: 'nothing to load', where: 'r' }])).toBe('skipped')
    expect(verdict([{ module: 'x', outcome: 'loaded', where: 'r' }])).toBe('true')
    expect(
      verdict([
        { module: 'x', outcome: 'loaded', where: 'r' },
        { module: 'y', outcome: 'timed out', where: 'r' }
      ])
    ).toBe('false')
  })
})

describe('verify inputs', () => {
  it('reads auto, off and module lists', () => {
    expect(readVerify('')).toEqual({ mode: 'auto' })
    expect(readVerify('off')).toEqual({ mode: 'off' })
    expect(readVerify('sharp, @aws-sdk/client-s3\nnumpy.linalg aws-sdk-s3')).toEqual({
      mode: 'modules',
      modules: ['sharp', '@aws-sdk/client-s3', 'numpy.linalg', 'aws-sdk-s3']
    })
  })

  it('names the input and the accepted forms', () => {
    expect(() => readVerify('sharp, off')).toThrow(
      /^Input "verify": "off" cannot be part of a list; expected auto, off/
    )
    expect(() => readVerify('../etc')).toThrow(/^Input "verify": "..\/etc" is not a module name/)
    expect(() => readVerifyImage('Not An Image', { mode: 'auto' })).toThrow(
      /^Input "verify-image": "Not An Image" is not an image/
    )
    expect(() => readVerifyImage('node:22', { mode: 'off' })).toThrow(/^Input "verify-image": verify is off/)
  })
})

describe('runProcess', () => {
  it('kills a load that does not finish in time and keeps what it printed', async () => {
    const result = await runProcess({
      // sh prints at once even on a busy machine (a node child may not have started within the timeout).
      program: '/bin/sh',
      args: ['-c', 'echo waiting for a lock >&2; exec sleep 60'],
      cwd: process.cwd(),
      env: {},
      timeoutMs: 2000
    })
    expect(result).toMatchObject({ timedOut: true, tail: 'waiting for a lock' })
  })

  it('passes only the given environment', async () => {
    const result = await runProcess({
      program: process.execPath,
      args: ['-p', 'JSON.stringify(Object.keys(process.env))'],
      cwd: process.cwd(),
      env: { ONLY: '1' },
      timeoutMs: 10_000
    })
    expect(result).toMatchObject({ exitCode: 0, timedOut: false })
    expect(JSON.parse(result.output)).toEqual(['ONLY'])
  })
})
