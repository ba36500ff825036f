import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'

/** pnpm 12 and yarn 4 (berry) from this repository's devDependencies; yarn 1 (classic) from its package's bin. */
export const PNPM_AND_BERRY = resolve('node_modules/.bin')
export const YARN_CLASSIC = resolve('node_modules/yarn/bin')

export function pathWith(folder: string): NodeJS.ProcessEnv {
  return { PATH: [folder, process.env.PATH].join(delimiter) }
}

/** Writes files (relative path → content; objects become JSON) under a fresh folder; returns the folder. */
export async function writeTree(files: Record<string, string | object>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'node-project-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`)
  }
  return root
}

/** A package.json. */
export function manifest(name: string, dependencies: Record<string, string> = {}, extra: object = {}): object {
  return { name, version: '1.0.0', dependencies, ...extra }
}

/** Runs a package manager in a folder as a developer would (to write a lockfile or a tarball); its stdout. */
export function runTool(program: string, args: string[], cwd: string, binFolder?: string): string {
  return execFileSync(program, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...(binFolder ? pathWith(binFolder) : {}), YARN_ENABLE_TELEMETRY: '0' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

/** The files of ms 2.1.3 from the registry, as they land in a layer under a node_modules folder. */
export function msFiles(prefix: string): string[] {
  return [`${prefix}/ms/`, ...['index.js', 'license.md', 'package.json', 'readme.md'].map(f => `${prefix}/ms/${f}`)]
}
