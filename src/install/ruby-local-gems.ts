import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { BuildError, type CommandRunner } from './run-command.js'

/** A gem bundler reads from a folder (path:, gemspec) or checks out from git, as the Gemfile names it. */
export interface LocalGemSource {
  /** The gem's name when the line names one. */
  gem?: string
  path: string
}

/**
 * Folders a Gemfile and its lockfile read gems from: path: options, path "…" do blocks, a gemspec
 * line (the Gemfile's own folder) and the lockfile's PATH remotes; resolved from the Gemfile's folder.
 */
export function localGemSources(gemfile: string, lockfile: string | undefined, gemfileDir: string): LocalGemSource[] {
  const found: LocalGemSource[] = []
  for (const match of gemfile.matchAll(/^\s*gem\s+["']([^"']+)["'][^\n]*?\bpath:\s*["']([^"']+)["']/gm))
    found.push({ gem: match[1], path: resolve(gemfileDir, match[2]) })
  for (const match of gemfile.matchAll(/^\s*path\s*\(?\s*["']([^"']+)["']/gm))
    found.push({ path: resolve(gemfileDir, match[1]) })
  if (/^\s*gemspec\b/m.test(gemfile)) found.push({ path: gemfileDir })
  for (const match of (lockfile ?? '').matchAll(/^PATH\n\s+remote:\s*(.+)$/gm))
    found.push({ path: resolve(gemfileDir, match[1].trim()) })
  const seen = new Set<string>()
  return found.filter(source => !seen.has(source.path) && seen.add(source.path))
}

/** Copies the path: gems' folders to the same absolute place under the staging tree, so relative paths resolve. */
export async function stagePathGems(sources: LocalGemSource[], mirror: (path: string) => string): Promise<void> {
  for (const source of sources) {
    if (!(await stat(source.path).catch(() => undefined))?.isDirectory()) {
      const what = source.gem ? `gem "${source.gem}" (path: ${source.path})` : `the gem folder ${source.path}`
      throw new BuildError(
        `${what}: no folder there; a path: is read from the Gemfile's folder, so that folder must be checked out on the runner too`
      )
    }
    await mkdir(dirname(mirror(source.path)), { recursive: true })
    await cp(source.path, mirror(source.path), {
      recursive: true,
      verbatimSymlinks: true,
      filter: from => from === source.path || !['.git', '.bundle', 'vendor'].includes(basename(from))
    })
  }
}

/** What bundler knows of a gem it did not install into the gem home (path: and git: sources). */
interface LocalGemSpec {
  fullName: string
  dir: string
  files: string[]
  spec: string
}

/** Asks bundler, in the staged project, for the path: and git: gems of the groups installed. */
const SPECS_SCRIPT = `require "json"; require "bundler"
specs = Bundler.load.specs.select { |s| s.source.is_a?(Bundler::Source::Path) }
puts JSON.generate(specs.map { |s| { "fullName" => s.full_name, "dir" => s.full_gem_path, "files" => s.files, "spec" => s.to_ruby } })`

/** A fixed date for the specifications written here, as RubyGems uses for reproducible builds. */
const FIXED_DATE = '1980-01-02'

/**
 * Gives path: and git: gems a place in the gem home like any installed gem: their files under
 * gems/<name>-<version> and a specification, so RubyGems on Lambda finds them (bundler keeps them
 * in their folder or under bundler/gems, which RubyGems alone never reads). Returns their names.
 */
export async function installLocalGems(
  runner: CommandRunner,
  cwd: string,
  env: Record<string, string>,
  gemHome: string
): Promise<string[]> {
  const output = await runner.output({ program: 'ruby', args: ['-e', SPECS_SCRIPT], cwd, env })
  const line = output?.split('\n').pop()
  if (line === undefined) throw new BuildError('could not read the path: and git: gems from bundler (ruby -e failed)')
  const specs = JSON.parse(line) as LocalGemSpec[]
  for (const spec of specs) {
    const target = join(gemHome, 'gems', spec.fullName)
    await rm(target, { recursive: true, force: true })
    const files = spec.files.filter(file => !file.startsWith('/') && !file.split('/').includes('..'))
    if (files.length === 0) {
      await cp(spec.dir, target, { recursive: true, filter: from => basename(from) !== '.git' })
    } else {
      for (const file of files) {
        if (!(await stat(join(spec.dir, file)).catch(() => undefined))?.isFile()) continue
        await mkdir(dirname(join(target, file)), { recursive: true })
        await cp(join(spec.dir, file), join(target, file))
      }
    }
    await mkdir(join(gemHome, 'specifications'), { recursive: true })
    const text = spec.spec.replace(/^(\s*s\.date = )".*"$/m, `$1"${FIXED_DATE}"`)
    await writeFile(join(gemHome, 'specifications', `${spec.fullName}.gemspec`), text)
  }
  // Bundler's own checkouts of git gems: replaced by the copies above.
  await rm(join(gemHome, 'bundler'), { recursive: true, force: true })
  return specs.map(spec => spec.fullName)
}

export async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined)
}
