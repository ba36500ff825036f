/** Shared pieces of reading a lockfile without its tool: the packages picked and the requirement lines they give. */
import { BuildError } from './run-command.js'
import type { Evaluation } from './python-helper.js'

/** One locked distribution to install exactly. */
export interface LockedPackage {
  name: string
  version: string
  /** "sha256:…" of every file the lock records for this version. */
  hashes: string[]
}

/** Evaluates markers and parses requirements for the target, in one call of the Python helper. */
export type Evaluate = (asked: { markers: string[]; requirements: string[] }) => Promise<Evaluation>

/** What a lock reader is given: the lock's text, the pyproject (when there is one), the chosen extras. */
export interface LockInput {
  text: string
  document?: Record<string, unknown>
  extras: string[]
  evaluate: Evaluate
}

/** Requirement lines pinning each package, with its hashes when the lock has them for every package. */
export function lockedRequirementLines(
  lockfile: string,
  packages: LockedPackage[]
): { lines: string[]; hashed: boolean } {
  const hashed = packages.length > 0 && packages.every(item => item.hashes.length > 0)
  const lines = packages
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(item => {
      const pin = `${item.name}==${item.version}`
      return hashed ? [pin, ...item.hashes.map(hash => `--hash=${hash}`)].join(' ') : pin
    })
  if (packages.length > 0 && !hashed) {
    const missing = packages.filter(item => item.hashes.length === 0).map(item => item.name)
    lines.unshift(
      `# ${lockfile} has no hashes for ${missing.slice(0, 5).join(', ')}: versions pinned, hashes not checked`
    )
  }
  return { lines, hashed }
}

export function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A locked package from somewhere other than a package index, which only the lock's own tool installs. */
export function unsupportedSource(lockfile: string, name: string, source: string, remedy: string): BuildError {
  return new BuildError(
    `${lockfile} installs ${name} from ${source}, which is not read from the lock itself; ${remedy}`
  )
}

/** Evaluates every marker in one helper call and answers by marker text (no marker holds). */
export async function markerTable(
  evaluate: Evaluate,
  markers: Array<string | undefined>
): Promise<(marker?: string) => boolean> {
  const distinct = [...new Set(markers.filter((marker): marker is string => marker !== undefined && marker !== ''))]
  const answer = distinct.length === 0 ? { markers: [] } : await evaluate({ markers: distinct, requirements: [] })
  const results = new Map(distinct.map((marker, index) => [marker, answer.markers[index]]))
  return marker => marker === undefined || marker === '' || results.get(marker) === true
}
