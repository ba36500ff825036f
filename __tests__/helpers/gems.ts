import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface GemSpec {
  name: string
  version: string
  /** Files of the gem, relative to its root, e.g. lib/<name>.rb. */
  files: Record<string, string>
  /** Paths of extconf.rb files, built by RubyGems on install. */
  extensions?: string[]
  dependencies?: Array<[string, string]>
}

function gemspec(spec: GemSpec): string {
  const lines = [
    'Gem::Specification.new do |s|',
    `  s.name = ${JSON.stringify(spec.name)}`,
    `  s.version = ${JSON.stringify(spec.version)}`,
    '  s.summary = "test gem"',
    '  s.authors = ["tests"]',
    '  s.license = "MIT"',
    `  s.files = ${JSON.stringify(Object.keys(spec.files))}`,
    `  s.extensions = ${JSON.stringify(spec.extensions ?? [])}`,
    ...(spec.dependencies ?? []).map(
      ([name, requirement]) => `  s.add_dependency ${JSON.stringify(name)}, ${JSON.stringify(requirement)}`
    ),
    'end',
    ''
  ]
  return lines.join('\n')
}

/** Builds each gem with `gem build` into <repo>/gems and indexes the folder, so bundler can use it as a gem source. */
export async function writeGemSource(gems: GemSpec[]): Promise<string> {
  const repo = await mkdtemp(join(tmpdir(), 'gem-source-'))
  await mkdir(join(repo, 'gems'))
  for (const spec of gems) {
    const root = await mkdtemp(join(tmpdir(), `gem-${spec.name}-`))
    for (const [path, content] of Object.entries(spec.files)) {
      await mkdir(join(root, path, '..'), { recursive: true })
      await writeFile(join(root, path), content)
    }
    await writeFile(join(root, `${spec.name}.gemspec`), gemspec(spec))
    const output = join(repo, 'gems', `${spec.name}-${spec.version}.gem`)
    execFileSync('gem', ['build', `${spec.name}.gemspec`, '--output', output], { cwd: root, stdio: 'ignore' })
  }
  execFileSync('gem', ['generate_index', '--directory', repo], { stdio: 'ignore' })
  return repo
}

/**
 * Bundler settings that send every request for rubygems.org to the local source, as a user would
 * point bundler at a company mirror.
 */
export function rubygemsMirror(repo: string): NodeJS.ProcessEnv {
  return { 'BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/': `file://${repo}` }
}
