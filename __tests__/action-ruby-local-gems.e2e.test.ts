import AdmZip from 'adm-zip'
import { execFileSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rubygemsMirror, writeGemSource } from './helpers/gems.js'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction, type ActionRun } from './helpers/run-action.js'
import { linksLeavingTheLayer, zipEntryKinds } from './helpers/layer-links.js'

/**
 * Gems bundler reads from a folder (path:) or a git repository (git:): they must land in the
 * gem home with a specification, as RubyGems on Lambda finds gems by their specifications, and
 * the gem commands in bin/ must start with a Ruby that Lambda has.
 */
const server = useLoopbackServer()
const HOME = 'ruby/gems/3.3.0'

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), content)
  }
}

function gemspec(name: string, version: string, files: string[], executables: string[] = [], depends = ''): string {
  return `Gem::Specification.new do |s|
  s.name = "${name}"
  s.version = "${version}"
  s.summary = "local gem"
  s.authors = ["tests"]
  s.files = ${JSON.stringify(files)}
  s.bindir = "exe"
  s.executables = ${JSON.stringify(executables)}
${depends}end
`
}

/** A checkout with the gem pathgem beside the app, a git repository holding gitgem, and the app's Gemfile. */
async function project(gemfileLines: (root: string) => string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ruby-local-'))
  await writeFiles(root, {
    'pathgem/pathgem.gemspec': gemspec('pathgem', '0.1.0', ['lib/pathgem.rb']),
    'pathgem/lib/pathgem.rb': 'module Pathgem; VALUE = "path"; end\n',
    'pathgem/test/pathgem_test.rb': 'raise "tests are not packed"\n',
    'gitgem/gitgem.gemspec': gemspec(
      'gitgem',
      '0.2.0',
      ['lib/gitgem.rb', 'exe/gitgem'],
      ['gitgem'],
      '  s.add_dependency "polite"\n'
    ),
    'gitgem/lib/gitgem.rb': 'require "polite"\nmodule Gitgem; VALUE = "git"; end\n',
    'gitgem/exe/gitgem': '#!/usr/bin/env ruby\nrequire "gitgem"\nputs Gitgem::VALUE\n'
  })
  await chmod(join(root, 'gitgem/exe/gitgem'), 0o755)
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: join(root, 'gitgem'),
      stdio: 'ignore'
    })
  }
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-qm', 'gitgem')
  await writeFiles(root, { 'app/Gemfile': `source "https://rubygems.org"\n${gemfileLines(root)}` })
  return root
}

async function polite(): Promise<string> {
  return writeGemSource([{ name: 'polite', version: '2.0.1', files: { 'lib/polite.rb': 'module Polite; end\n' } }])
}

async function build(root: string, repo: string, name: string): Promise<ActionRun> {
  return runAction(
    { 'layer-name': name, runtime: 'ruby3.3', regions: 'eu-central-1', source: join(root, 'app'), verify: 'off' },
    { endpoint: server.url, env: rubygemsMirror(repo) }
  )
}

function notices(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::notice::'))
    .map(line => line.slice('::notice::'.length))
}

/** Unzips the layer and requires the gems with RubyGems alone (no bundler), as Lambda does from /opt. */
async function runFromLayer(run: ActionRun, command: (gemHome: string) => string[]): Promise<string> {
  const opt = await mkdtemp(join(tmpdir(), 'opt-'))
  new AdmZip(run.outputs['archive-path']).extractAllTo(opt, true, true)
  const gemHome = join(opt, HOME)
  const env = { PATH: process.env.PATH, HOME: opt, GEM_PATH: gemHome, GEM_HOME: gemHome }
  const [program, ...args] = command(gemHome)
  return execFileSync(program, args, { env, encoding: 'utf8' }).trim()
}

describe('Ruby: path: and git: gems', () => {
  it('places both in the gem home with specifications and a bin/ command Lambda can start', async () => {
    const root = await project(dir => `gem "pathgem", path: "../pathgem"\ngem "gitgem", git: "${dir}/gitgem"\n`)
    const repo = await polite()
    execFileSync('bundle', ['lock'], {
      cwd: join(root, 'app'),
      env: { ...process.env, ...rubygemsMirror(repo) },
      stdio: 'ignore'
    })
    const run = await build(root, repo, 'ruby-local')
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(zipEntryKinds(run.outputs['archive-path'])).toEqual({
      'ruby/': 'd755',
      'ruby/gems/': 'd755',
      [`${HOME}/`]: 'd755',
      [`${HOME}/bin/`]: 'd755',
      // RubyGems' own folders of a gem home, empty here.
      [`${HOME}/build_info/`]: 'd755',
      [`${HOME}/doc/`]: 'd755',
      [`${HOME}/extensions/`]: 'd755',
      [`${HOME}/plugins/`]: 'd755',
      [`${HOME}/bin/gitgem`]: '-755',
      [`${HOME}/gems/`]: 'd755',
      [`${HOME}/gems/gitgem-0.2.0/`]: 'd755',
      [`${HOME}/gems/gitgem-0.2.0/exe/`]: 'd755',
      [`${HOME}/gems/gitgem-0.2.0/exe/gitgem`]: '-755',
      [`${HOME}/gems/gitgem-0.2.0/lib/`]: 'd755',
      [`${HOME}/gems/gitgem-0.2.0/lib/gitgem.rb`]: '-644',
      [`${HOME}/gems/pathgem-0.1.0/`]: 'd755',
      [`${HOME}/gems/pathgem-0.1.0/lib/`]: 'd755',
      [`${HOME}/gems/pathgem-0.1.0/lib/pathgem.rb`]: '-644',
      [`${HOME}/gems/polite-2.0.1/`]: 'd755',
      [`${HOME}/gems/polite-2.0.1/lib/`]: 'd755',
      [`${HOME}/gems/polite-2.0.1/lib/polite.rb`]: '-644',
      [`${HOME}/specifications/`]: 'd755',
      [`${HOME}/specifications/gitgem-0.2.0.gemspec`]: '-644',
      [`${HOME}/specifications/pathgem-0.1.0.gemspec`]: '-644',
      [`${HOME}/specifications/polite-2.0.1.gemspec`]: '-644'
    })
    expect(linksLeavingTheLayer(run.outputs['archive-path'])).toEqual([])
    expect(notices(run)).toEqual([
      expect.stringMatching(
        /^Gem commands in bin\/ start with #!\/usr\/bin\/env ruby, the runtime's Ruby on Lambda: gitgem \(was #!\/usr\/bin\/env ruby[\d.]*\)$/
      )
    ])
    const script = 'require "pathgem"; require "gitgem"; print Pathgem::VALUE, Gitgem::VALUE'
    expect(await runFromLayer(run, () => ['ruby', '-e', script])).toBe('pathgit')
    // The bin/ command starts through its shebang, as it would from /opt on Lambda.
    expect(await runFromLayer(run, gemHome => [join(gemHome, 'bin/gitgem')])).toBe('git')
    const stub = new AdmZip(run.outputs['archive-path']).getEntry(`${HOME}/bin/gitgem`)!.getData().toString('utf8')
    expect(stub.split('\n')[0]).toBe('#!/usr/bin/env ruby')
    expect((await readdir(join(root, 'app'))).sort()).toEqual(['Gemfile', 'Gemfile.lock'])
  })

  it('gives the same zip twice (specification dates are fixed)', async () => {
    const root = await project(() => 'gem "pathgem", path: "../pathgem"\n')
    const repo = await polite()
    execFileSync('bundle', ['lock'], { cwd: join(root, 'app'), env: { ...process.env, ...rubygemsMirror(repo) } })
    const first = await build(root, repo, 'ruby-path-once')
    const second = await build(root, repo, 'ruby-path-twice')
    expect(first.exitCode).toBe(0)
    expect(second.outputs['code-sha256']).toBe(first.outputs['code-sha256'])
  })

  it('fails naming a path: gem whose folder is not there', async () => {
    const root = await project(() => 'gem "missing", path: "../missing"\n')
    const run = await build(root, await polite(), 'ruby-missing')
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      `gem "missing" (path: ${join(root, 'missing')}): no folder there; a path: is read from the Gemfile's folder, so that folder must be checked out on the runner too`
    ])
    expect(server.requests).toEqual([])
  })

  it('warns that a Gemfile without Gemfile.lock gives a layer that is not reproducible', async () => {
    const root = await project(() => 'gem "polite"\n')
    const run = await build(root, await polite(), 'ruby-unlocked')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      `::warning::${join(root, 'app')} has no Gemfile.lock: gems are resolved afresh on every run, so the layer is not reproducible; commit the lockfile bundle install writes`
    )
    expect((await readdir(join(root, 'app'))).sort()).toEqual(['Gemfile'])
  })
})
