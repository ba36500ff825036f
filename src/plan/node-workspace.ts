import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { minimatch } from 'minimatch'
import { NODE_LOCKFILES, type InstallPlan } from './plan.js'

type NodePlan = Extract<InstallPlan, { family: 'nodejs' }>

/** Workspace globs of a root package.json (npm, yarn: an array or { packages }) or pnpm-workspace.yaml. */
export function workspacePatterns(packageJson: string | undefined, pnpmWorkspace: string | undefined): string[] {
  const patterns: string[] = []
  if (packageJson !== undefined) {
    try {
      const workspaces = (JSON.parse(packageJson) as { workspaces?: unknown }).workspaces
      const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown })?.packages
      if (Array.isArray(list)) patterns.push(...list.filter((item): item is string => typeof item === 'string'))
    } catch {
      // Not JSON: the package manager will say so when it runs.
    }
  }
  if (pnpmWorkspace !== undefined) {
    // The "packages:" list of pnpm-workspace.yaml: one quoted or plain glob per "- " line.
    const block = /^packages:\s*\n((?:[ \t]+-.*\n?|[ \t]*#.*\n?|[ \t]*\n)*)/m.exec(pnpmWorkspace)?.[1] ?? ''
    for (const match of block.matchAll(/^[ \t]+-[ \t]*(['"]?)([^'"#\n]+?)\1[ \t]*(?:#.*)?$/gm)) patterns.push(match[2])
  }
  return patterns
}

/** Whether a folder at this path (relative to the root, posix) is one of the workspace's packages. */
export function isWorkspaceMember(relativePath: string, patterns: string[]): boolean {
  const included = patterns.filter(pattern => !pattern.startsWith('!'))
  const excluded = patterns.filter(pattern => pattern.startsWith('!')).map(pattern => pattern.slice(1))
  const matches = (pattern: string): boolean => minimatch(relativePath, pattern.replace(/^\.\//, '').replace(/\/$/, ''))
  return included.some(matches) && !excluded.some(matches)
}

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined)
}

/**
 * The workspace a source folder without a lockfile belongs to: the nearest folder above it
 * whose package.json or pnpm-workspace.yaml lists it as a package. Its lockfile picks the
 * package manager, and the install runs there for this package's production dependencies.
 */
export async function nodeWorkspacePlan(plan: NodePlan, sourceDir: string): Promise<NodePlan> {
  if (plan.lockfile) return plan
  for (let folder = dirname(sourceDir); ; folder = dirname(folder)) {
    const patterns = workspacePatterns(
      await readOptional(join(folder, 'package.json')),
      await readOptional(join(folder, 'pnpm-workspace.yaml'))
    )
    if (patterns.length > 0) {
      if (!isWorkspaceMember(relative(folder, sourceDir).split(sep).join('/'), patterns)) return plan
      const files = await readdir(folder)
      const lock = NODE_LOCKFILES.find(([lockfile]) => files.includes(lockfile))
      return lock
        ? { ...plan, packageManager: lock[1], lockfile: lock[0], workspaceRoot: folder }
        : { ...plan, workspaceRoot: folder }
    }
    if (dirname(folder) === folder) return plan
  }
}
