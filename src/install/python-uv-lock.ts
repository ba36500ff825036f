/** uv.lock read without uv: the project's main dependencies (and chosen extras), markers decided for the target. */
import { parse } from 'smol-toml'
import { normalizeName } from './pyproject.js'
import { BuildError } from './run-command.js'
import {
  list,
  markerTable,
  table,
  text,
  unsupportedSource,
  type LockedPackage,
  type LockInput
} from './python-lock-reading.js'

interface UvDependency {
  name: string
  version?: string
  marker?: string
  extras: string[]
}

interface UvPackage {
  name: string
  version: string
  source: Record<string, unknown>
  dependencies: UvDependency[]
  optional: Record<string, UvDependency[]>
  hashes: string[]
}

function dependency(value: unknown): UvDependency {
  const entry = table(value)
  return {
    name: normalizeName(text(entry.name) ?? ''),
    version: text(entry.version),
    marker: text(entry.marker),
    extras: list(entry.extra).map(String).map(normalizeName)
  }
}

function uvPackage(value: unknown): UvPackage {
  const entry = table(value)
  const optional: Record<string, UvDependency[]> = {}
  for (const [extra, items] of Object.entries(table(entry['optional-dependencies'])))
    optional[normalizeName(extra)] = list(items).map(dependency)
  const files = [table(entry.sdist), ...list(entry.wheels).map(table)]
  return {
    name: normalizeName(text(entry.name) ?? ''),
    version: text(entry.version) ?? '',
    source: table(entry.source),
    dependencies: list(entry.dependencies).map(dependency),
    optional,
    hashes: files.map(file => text(file.hash)).filter((hash): hash is string => hash !== undefined)
  }
}

const isProjectRoot = (item: UvPackage) => item.source.editable === '.' || item.source.virtual === '.'

/** The packages uv.lock installs for the target: everything reachable from the project, dev groups left out. */
export async function readUvLock(input: LockInput): Promise<LockedPackage[]> {
  const packages = list(table(parse(input.text)).package).map(uvPackage)
  const root = packages.find(isProjectRoot)
  if (!root)
    throw new BuildError('uv.lock has no package for the project at "." (source editable or virtual "."); run uv lock')
  const edges = packages.flatMap(item => [...item.dependencies, ...Object.values(item.optional).flat()])
  const holds = await markerTable(
    input.evaluate,
    edges.map(edge => edge.marker)
  )
  const picked = new Map<UvPackage, Set<string>>()
  const visit = (item: UvPackage, extras: string[]) => {
    const seen = picked.get(item)
    const fresh = seen === undefined ? extras : extras.filter(extra => !seen.has(extra))
    if (seen !== undefined && fresh.length === 0) return
    picked.set(item, new Set([...(seen ?? []), ...extras]))
    const next = [
      ...(seen === undefined ? item.dependencies : []),
      ...fresh.flatMap(extra => item.optional[extra] ?? [])
    ]
    for (const edge of next.filter(edge => holds(edge.marker))) {
      const target = packages.find(
        candidate => candidate.name === edge.name && (edge.version === undefined || candidate.version === edge.version)
      )
      if (!target)
        throw new BuildError(`uv.lock names ${edge.name} as a dependency but locks no such package; run uv lock`)
      visit(target, edge.extras)
    }
  }
  visit(root, input.extras.map(normalizeName))
  return [...picked.keys()]
    .filter(item => !isProjectRoot(item))
    .map(item => {
      if (!('registry' in item.source)) {
        const where = Object.entries(item.source).map(([kind, value]) => `${kind} ${String(value)}`)[0] ?? 'no source'
        throw unsupportedSource('uv.lock', item.name, where, 'put uv on PATH before this step (astral-sh/setup-uv)')
      }
      return { name: item.name, version: item.version, hashes: item.hashes }
    })
}
