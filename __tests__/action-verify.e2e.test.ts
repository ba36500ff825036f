import AdmZip from 'adm-zip'
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { dockerStandIn, withoutPassThroughVariables } from './helpers/docker-stand-in.js'
import { writeWheel } from './helpers/wheels.js'

const server = useLoopbackServer()
const SITE_311 = 'python/lib/python3.11/site-packages'

/** Writes files (path → content) under a fresh folder and returns it. */
async function folderWith(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'verify-layer-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}

function notices(run: ActionRun): string[] {
  return run.stdout.split('\n').filter(line => line.startsWith('::notice::'))
}

describe('verify on the runner: Node.js (nodejs20.x, as this machine runs Node 20)', () => {
  it('loads every package of a prebuilt layer that nothing in it depends on, CommonJS and ESM-only, and publishes', async () => {
    const source = await folderWith({
      'nodejs/node_modules/greet/package.json':
        '{"name":"greet","main":"lib/main.js","dependencies":{"helper":"1.0.0"}}',
      'nodejs/node_modules/greet/lib/main.js': "global.greetReady = true\nmodule.exports = require('helper') + '!'\n",
      // A dependency hoisted beside its parent that cannot be required on its own (as async-hook-jl
      // aborts Node without cls-hooked): only the packages nothing depends on are loaded.
      'nodejs/node_modules/helper/package.json': '{"name":"helper"}',
      'nodejs/node_modules/helper/index.js':
        "if (!global.greetReady) throw new Error('require greet')\nmodule.exports = 'hi'\n",
      'nodejs/node_modules/esm-only/package.json': '{"name":"esm-only","type":"module","exports":{"import":"./x.js"}}',
      'nodejs/node_modules/esm-only/x.js': 'export default 1\n',
      'nodejs/node_modules/cli-only/package.json': '{"name":"cli-only","bin":"cli.js"}',
      'nodejs/node_modules/cli-only/cli.js': '#!/usr/bin/env node\n',
      'nodejs/node_modules/@types/thing/package.json': '{"name":"@types/thing"}',
      'nodejs/node_modules/subpaths-only/package.json': '{"name":"subpaths-only","exports":{"./tool":"./tool.js"}}',
      'nodejs/node_modules/subpaths-only/tool.js': 'module.exports = 1\n'
    })
    const run = await runAction(
      { 'layer-name': 'node-good', runtime: 'nodejs20.x', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs.verified).toBe('true')
    expect(run.stdout).toContain(
      'Modules to load (every package in the layer that no other package in it depends on): cli-only, esm-only, greet'
    )
    expect(run.stdout).toMatch(/greet: loaded \(runner \(v20\.\d+\.\d+, x86_64\)\)/)
    expect(run.stdout).toContain('cli-only: nothing to load')
    expect(run.summary).toContain('<h3>Loaded (verified: true)</h3>')
    expect(run.summary).toMatch(/<td>esm-only<\/td><td>✅ loaded<\/td><td>runner \(v20\.\d+\.\d+, x86_64\)<\/td>/)
    expect(server.layerVersions('eu-west-1', 'node-good')).toHaveLength(1)
  })

  it('fails on a missing transitive dependency and a package that throws, naming each, and publishes nothing', async () => {
    const source = await folderWith({
      'nodejs/node_modules/needs-dep/package.json': '{"name":"needs-dep"}',
      'nodejs/node_modules/needs-dep/index.js': "require('left-behind')\n",
      'nodejs/node_modules/throws/package.json': '{"name":"throws"}',
      'nodejs/node_modules/throws/index.js': "throw new Error('no config at import time')\n",
      'nodejs/node_modules/fine/index.js': 'module.exports = 1\n'
    })
    const run = await runAction(
      { 'layer-name': 'node-bad', runtime: 'nodejs20.x', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs.verified).toBe('false')
    const errors = errorLines(run)
    expect(errors.at(-1)).toBe(
      "Not published: 2 module(s) did not load on nodejs20.x: needs-dep (Cannot find module 'left-behind'); throws (no config at import time)"
    )
    expect(errors.find(line => line.startsWith('verify: needs-dep failed in runner'))).toMatch(
      /Require stack:[\s\S]*needs-dep\/index\.js[\s\S]*Cannot find module 'left-behind'$/
    )
    expect(run.summary).toContain('❌ failed: no config at import time')
    expect(run.summary).toContain('<td>fine</td><td>✅ loaded</td>')
    expect(run.summary).toContain('Not published: a module did not load.')
    expect(server.requests).toEqual([])
  })

  it('loads the dependencies of package.json after an install', async () => {
    const run = await runAction(
      {
        'layer-name': 'node-installed',
        runtime: 'nodejs20.x',
        regions: 'eu-west-1',
        source: resolve('__tests__/fixtures/node-layer'),
        publish: 'false'
      },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.stdout).toContain('Modules to load (the dependencies of package.json): ms')
    expect(run.outputs.verified).toBe('true')
  })

  it('loads only the named modules with a verify list, failing on one the layer lacks', async () => {
    const source = await folderWith({ 'nodejs/node_modules/present/index.js': 'module.exports = 1\n' })
    const run = await runAction(
      {
        'layer-name': 'node-list',
        runtime: 'nodejs20.x',
        regions: 'eu-west-1',
        source,
        install: 'false',
        verify: 'present, absent'
      },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run).at(-1)).toBe(
      "Not published: 1 module(s) did not load on nodejs20.x: absent (Cannot find module 'absent')"
    )
    expect(run.stdout).toContain('present: loaded')
  })
})

describe('verify on the runner: Python (python3.11, as this machine runs Python 3.11)', () => {
  const layer = {
    [`${SITE_311}/good/__init__.py`]: 'VALUE = 1\n',
    'python/plain_module.py': 'import json\n'
  }

  it('loads a good prebuilt layer with only the standard library and the layer on sys.path', async () => {
    const source = await folderWith(layer)
    const run = await runAction(
      { 'layer-name': 'py-good', runtime: 'python3.11', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.outputs.verified).toBe('true')
    expect(run.stdout).toMatch(/good: loaded \(runner \(Python 3\.11\.\d+, x86_64\)\)/)
    expect(run.stdout).toContain('plain_module: loaded')
  })

  it('fails on a missing dependency, an import that raises, and on what only the runner has', async () => {
    const source = await folderWith({
      ...layer,
      [`${SITE_311}/needs_missing/__init__.py`]: 'import not_in_the_layer\n',
      // pip is in the runner's site-packages; Lambda does not have it, so neither does the load.
      [`${SITE_311}/needs_pip/__init__.py`]: 'import pip\n',
      'python/raises.py': 'raise RuntimeError("boom at import")\n'
    })
    const run = await runAction(
      { 'layer-name': 'py-bad', runtime: 'python3.11', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs.verified).toBe('false')
    expect(errorLines(run).at(-1)).toBe(
      "Not published: 3 module(s) did not load on python3.11: needs_missing (ModuleNotFoundError: No module named 'not_in_the_layer'); needs_pip (ModuleNotFoundError: No module named 'pip'); raises (RuntimeError: boom at import)"
    )
    expect(run.summary).toContain('<td>good</td><td>✅ loaded</td>')
    expect(server.requests).toEqual([])
  })

  it('loads the requirements pip installed (marked REQUESTED), not their dependencies, and fails on an undeclared one', async () => {
    const wheels = await mkdtemp(join(tmpdir(), 'verify-wheels-'))
    writeWheel(wheels, {
      name: 'top-pkg',
      version: '1.0.0',
      tag: 'py3-none-any',
      files: { 'top_pkg/__init__.py': 'import dep_pkg\n' },
      requires: ['dep-pkg']
    })
    writeWheel(wheels, { name: 'dep-pkg', version: '1.0.0', tag: 'py3-none-any', files: { 'dep_pkg/__init__.py': '' } })
    writeWheel(wheels, {
      name: 'sloppy',
      version: '1.0.0',
      tag: 'py3-none-any',
      files: { 'sloppy/__init__.py': 'import undeclared_dep\n' }
    })
    const env = { ...withoutPassThroughVariables(), PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels }
    const good = await runAction(
      {
        'layer-name': 'py-installed',
        runtime: 'python3.11',
        regions: 'eu-west-1',
        source: await folderWith({ 'requirements.txt': 'top-pkg\n' }),
        publish: 'false'
      },
      { endpoint: server.url, env }
    )
    expect(errorLines(good)).toEqual([])
    expect(good.stdout).toContain('Modules to load (the import names of the requirements of requirements.txt): top_pkg')
    expect(good.outputs.verified).toBe('true')

    const bad = await runAction(
      {
        'layer-name': 'py-sloppy',
        runtime: 'python3.11',
        regions: 'eu-west-1',
        source: await folderWith({ 'requirements.txt': 'sloppy\n' })
      },
      { endpoint: server.url, env }
    )
    expect(errorLines(bad).at(-1)).toBe(
      "Not published: 1 module(s) did not load on python3.11: sloppy (ModuleNotFoundError: No module named 'undeclared_dep')"
    )
    expect(server.requests).toEqual([])
  })

  it('loads every top-level module of an archive', async () => {
    const zip = new AdmZip()
    zip.addFile(`${SITE_311}/zipped/__init__.py`, Buffer.from('import missing_from_zip\n'))
    const folder = await mkdtemp(join(tmpdir(), 'verify-archive-'))
    zip.writeZip(join(folder, 'layer.zip'))
    const run = await runAction(
      { 'layer-name': 'py-archive', runtime: 'python3.11', regions: 'eu-west-1', archive: join(folder, 'layer.zip') },
      { endpoint: server.url }
    )
    expect(errorLines(run).at(-1)).toBe(
      "Not published: 1 module(s) did not load on python3.11: zipped (ModuleNotFoundError: No module named 'missing_from_zip')"
    )
  })
})

describe('verify in an image through docker', () => {
  it('loads a python3.12 layer in the Lambda base image with the layer at /opt, when the runner has Python 3.11', async () => {
    const docker = await dockerStandIn()
    const source = await folderWith({ 'python/lib/python3.12/site-packages/pure/__init__.py': 'import json\n' })
    const run = await runAction(
      {
        'layer-name': 'py-image',
        runtime: 'python3.12',
        regions: 'eu-west-1',
        source,
        install: 'false',
        publish: 'false'
      },
      { endpoint: server.url, env: docker.env }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.outputs.verified).toBe('true')
    const calls = await docker.calls()
    expect(calls[0]).toEqual(['info', '--format', '{{.ServerVersion}}'])
    const load = calls[1]
    const scratch = load[load.indexOf('--volume') + 1].split(':')[0]
    expect(scratch.startsWith(dirname(run.outputs['archive-path']))).toBe(true)
    expect(load).toEqual([
      'run',
      '--rm',
      '--name',
      expect.stringMatching(/^lambda-layer-verify-[0-9a-f]{8}-amd64-0$/),
      '--platform',
      'linux/amd64',
      '--volume',
      `${scratch}:/opt:ro`,
      '--volume',
      `${dirname(scratch)}/task:/var/task:ro`,
      '--workdir',
      '/var/task',
      '--env',
      'PATH=/var/lang/bin:/usr/local/bin:/usr/bin:/bin:/opt/bin',
      '--env',
      'LD_LIBRARY_PATH=/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
      '--env',
      'LANG=en_US.UTF-8',
      '--env',
      'TZ=:UTC',
      '--env',
      'AWS_REGION=eu-west-1',
      '--env',
      'AWS_DEFAULT_REGION=eu-west-1',
      '--env',
      'AWS_EXECUTION_ENV=AWS_Lambda_python3.12',
      '--env',
      'LAMBDA_TASK_ROOT=/var/task',
      '--env',
      'LAMBDA_RUNTIME_DIR=/var/runtime',
      '--env',
      'PYTHONPATH=/opt/python/lib/python3.12/site-packages:/opt/python:/var/runtime',
      '--env',
      'PYTHONNOUSERSITE=1',
      '--entrypoint',
      'python3',
      'public.ecr.aws/lambda/python:3.12',
      '-c',
      expect.stringContaining('importlib.import_module(sys.argv[1])'),
      'pure'
    ])
    expect(calls).toHaveLength(2)
    expect(run.summary).toContain(
      '<td>pure</td><td>✅ loaded</td><td>public.ecr.aws/lambda/python:3.12 (linux/amd64)</td>'
    )
  })

  it('loads an arm64 Node.js layer with --platform linux/arm64 in verify-image, and fails what does not load there', async () => {
    const docker = await dockerStandIn()
    const source = await folderWith({
      'nodejs/node_modules/ok/index.js': 'module.exports = 1\n',
      'nodejs/node_modules/broken/index.js': "require('gone')\n"
    })
    const run = await runAction(
      {
        'layer-name': 'node-arm',
        runtime: 'nodejs20.x',
        architectures: 'arm64',
        regions: 'eu-west-1',
        source,
        install: 'false',
        'verify-image': 'node:20-bookworm'
      },
      { endpoint: server.url, env: docker.env }
    )
    expect(run.exitCode).toBe(1)
    const runs = (await docker.calls()).filter(call => call[0] === 'run')
    expect(runs.map(call => [call[5], call.at(-1), call[call.indexOf('--entrypoint') + 2]])).toEqual([
      ['linux/arm64', 'broken', 'node:20-bookworm'],
      ['linux/arm64', 'ok', 'node:20-bookworm']
    ])
    expect(runs[0]).toContain(
      'NODE_PATH=/opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task'
    )
    expect(errorLines(run).at(-1)).toBe(
      "Not published: 1 module(s) did not load on nodejs20.x: broken (Cannot find module 'gone')"
    )
    expect(server.requests).toEqual([])
  })

  it('loads gems and ruby/lib files of a ruby3.3 layer in the Lambda image, through GEM_PATH and RUBYLIB', async () => {
    const docker = await dockerStandIn()
    const gems = 'ruby/gems/3.3.0'
    const gemspec = (name: string, files: string[]) =>
      `Gem::Specification.new do |s|\n  s.name = ${JSON.stringify(name)}\n  s.version = "1.0.0"\n  s.summary = "t"\n  s.authors = ["t"]\n  s.require_paths = ["lib"]\n  s.files = ${JSON.stringify(files)}\nend\n`
    const source = await folderWith({
      [`${gems}/specifications/okgem-1.0.0.gemspec`]: gemspec('okgem', ['lib/okgem.rb']),
      [`${gems}/gems/okgem-1.0.0/lib/okgem.rb`]: 'module Okgem; end\n',
      // Required as broken/gem, the way Bundler.require tries a dashed name.
      [`${gems}/specifications/broken-gem-1.0.0.gemspec`]: gemspec('broken-gem', ['lib/broken/gem.rb']),
      [`${gems}/gems/broken-gem-1.0.0/lib/broken/gem.rb`]: "require 'not_in_the_layer'\n",
      'ruby/lib/helper.rb': 'HELPER = 1\n'
    })
    const run = await runAction(
      { 'layer-name': 'rb-image', runtime: 'ruby3.3', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url, env: docker.env }
    )
    expect(run.stdout).toContain('Modules to load (every top-level module in the layer): broken-gem, okgem, helper')
    expect(errorLines(run).at(-1)).toBe(
      'Not published: 1 module(s) did not load on ruby3.3: broken-gem (LoadError: cannot load such file -- not_in_the_layer)'
    )
    expect(run.stdout).toContain('okgem: loaded (public.ecr.aws/lambda/ruby:3.3 (linux/amd64))')
    expect(run.stdout).toContain('helper: loaded')
    const load = (await docker.calls()).find(call => call[0] === 'run')!
    expect(load).toEqual(
      expect.arrayContaining([
        'GEM_HOME=/opt/ruby/gems/3.3.0',
        'GEM_PATH=/opt/ruby/gems/3.3.0:/var/runtime:/var/runtime/ruby/3.3.0',
        'RUBYLIB=/var/task:/var/runtime/lib:/opt/ruby/lib',
        'public.ecr.aws/lambda/ruby:3.3'
      ])
    )
    expect(server.requests).toEqual([])
  })

  it('skips an architecture the Docker engine cannot run (no QEMU), saying how to enable it', async () => {
    const docker = await dockerStandIn()
    const source = await folderWith({ 'nodejs/node_modules/ok/index.js': 'module.exports = 1\n' })
    const run = await runAction(
      {
        'layer-name': 'node-arm-no-qemu',
        runtime: 'nodejs20.x',
        architectures: 'arm64',
        regions: 'eu-west-1',
        source,
        install: 'false',
        publish: 'false'
      },
      { endpoint: server.url, env: { ...docker.env, DOCKER_STAND_IN_PLATFORMS: 'linux/amd64' } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.outputs.verified).toBe('skipped')
    expect(notices(run)).toEqual([
      '::notice::Not loaded on arm64: linux/arm64 images do not run here ("exec format error": the Docker engine has no emulator for arm64); add docker/setup-qemu-action before this step, or run on an arm64 runner (ubuntu-24.04-arm for arm64).'
    ])
    expect((await docker.calls()).filter(call => call[0] === 'run')).toHaveLength(1)
  })

  it('skips with one notice when neither the runner nor docker can load, and still publishes', async () => {
    const docker = await dockerStandIn()
    const source = await folderWith({ 'nodejs/node_modules/ok/index.js': 'module.exports = 1\n' })
    const run = await runAction(
      { 'layer-name': 'node-skip', runtime: 'nodejs22.x', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url, env: { ...docker.env, DOCKER_STAND_IN_ENGINE: 'down' } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.outputs.verified).toBe('skipped')
    expect(notices(run)).toEqual([
      expect.stringMatching(
        /^::notice::Not loaded on x86_64: the runner has node 20 on x64, not nodejs22\.x on x86_64, and no Docker engine answers "docker info"; to load the layer, run on an x86_64 runner with actions\/setup-node with node-version: 22, or give the job Docker .* so it loads in public\.ecr\.aws\/lambda\/nodejs:22\.$/
      )
    ])
    expect(run.summary).toContain('<h3>Loaded (verified: skipped)</h3>')
    expect(server.layerVersions('eu-west-1', 'node-skip')).toHaveLength(1)
  })
})

describe('verify for custom runtimes: static checks', () => {
  /** /bin/true with its interpreter replaced by musl's, as a binary built on Alpine asks for. */
  async function muslBinary(): Promise<Buffer> {
    const binary = Buffer.from(await readFile('/bin/true'))
    const interpreter = '/lib64/ld-linux-x86-64.so.2'
    const at = binary.indexOf(Buffer.from(interpreter))
    expect(at).toBeGreaterThan(0)
    binary.fill(0, at, at + interpreter.length)
    binary.write('/lib/ld-musl-x86_64.so.1', at, 'latin1')
    return binary
  }

  it('checks bootstrap and bin/* of an archive after packing gave them the layer modes: ELF interpreters, saying nothing ran', async () => {
    const zip = new AdmZip()
    zip.addFile('bootstrap', Buffer.from('#!/bin/sh\nexec /opt/bin/app\n'), '', 0o644)
    zip.addFile('bin/app', await readFile('/bin/true'), '', 0o755)
    zip.addFile('bin/alpine-app', await muslBinary(), '', 0o755)
    const folder = await mkdtemp(join(tmpdir(), 'verify-custom-'))
    zip.writeZip(join(folder, 'layer.zip'))
    const run = await runAction(
      { 'layer-name': 'custom', runtime: 'provided.al2023', regions: 'eu-west-1', archive: join(folder, 'layer.zip') },
      { endpoint: server.url }
    )
    expect(run.exitCode).toBe(1)
    expect(run.outputs.verified).toBe('false')
    expect(errorLines(run).at(-1)).toBe(
      "Not published: 1 module(s) did not load on provided.al2023: bin/alpine-app (its ELF interpreter /lib/ld-musl-x86_64.so.1 does not exist on Lambda (Amazon Linux has glibc's loader; a musl or Nix build needs rebuilding for glibc))"
    )
    expect(run.stdout).toContain(
      'bin/app: checked (static check (not run)): executable, ELF interpreter /lib64/ld-linux-x86-64.so.2'
    )
    expect(notices(run)).toEqual([
      expect.stringMatching(/^::notice::archive: modes changed for 1 entry: bootstrap 0644 → 0755; re-packed/),
      '::notice::provided.al2023: jars, bootstrap and bin/ checked without running a JVM or the bootstrap'
    ])
    expect(server.requests).toEqual([])
  })

  it('passes a folder whose bin/ the packer marks executable, and opens the jars of a Java layer', async () => {
    const source = await folderWith({ 'bin/notes.sh': '#!/bin/sh\necho hi\n' })
    await copyFile('/bin/true', join(source, 'bin/app'))
    const custom = await runAction(
      { 'layer-name': 'custom-ok', runtime: 'provided.al2023', regions: 'eu-west-1', source, install: 'false' },
      { endpoint: server.url }
    )
    expect(errorLines(custom)).toEqual([])
    expect(custom.outputs.verified).toBe('true')
    expect(custom.stdout).toContain('bin/notes.sh: checked (static check (not run)): executable script (#!/bin/sh)')

    const jar = new AdmZip()
    jar.addFile('META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\n'))
    const java = await folderWith({ 'java/lib/broken.jar': 'not a zip' })
    jar.writeZip(join(java, 'java/lib/good.jar'))
    const run = await runAction(
      { 'layer-name': 'java-jars', runtime: 'java21', regions: 'eu-west-1', source: java, install: 'false' },
      { endpoint: server.url }
    )
    expect(errorLines(run).at(-1)).toMatch(
      /^Not published: 1 module\(s\) did not load on java21: java\/lib\/broken\.jar \(does not open as a zip: .+\)$/
    )
    expect(run.stdout).toContain('java/lib/good.jar: checked (static check (not run)): opens (1 entries)')
  })
})
