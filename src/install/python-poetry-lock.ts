/**
 * poetry.lock read without Poetry: from the pyproject's main dependencies ([project] dependencies,
 * [tool.poetry.dependencies]) and the chosen extras through the lock's dependency tables, markers
 * decided for the target; dev and other groups are left out.
 */
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

interface Edge {
  name: string
  marker?: string
  extras: string[]
  optional: boolean
}

interface PoetryPackage {
  name: string
  version: string
  marker?: string
  source: Record<string, unknown>
  edges: Edge[]
  extras: Record<string, string[]>
  hashes: string[]
}

/** A Poetry dependency spec: "^1.2", { version, markers, extras, optional }, or a list of those. */
function edges(name: string, spec: unknown): Edge[] {
  return (Array.isArray(spec) ? spec : [spec]).map(item => {
    const entry = table(item)
    return {
      name: normalizeName(name),
      marker: text(entry.markers),
      extras: list(entry.extras).map(String).map(normalizeName),
      optional: entry.optional === true
    }
  })
}

const leadingName = (requirement: string) => normalizeName(/^[A-Za-z0-9._-]+/.exec(requirement.trim())?.[0] ?? '')

function poetryPackage(value: unknown): PoetryPackage {
  const entry = table(value)
  const extras: Record<string, string[]> = {}
  for (const [extra, items] of Object.entries(table(entry.extras)))
    extras[normalizeName(extra)] = list(items).map(String).map(leadingName)
  const markers = entry.markers
  return {
    name: normalizeName(text(entry.name) ?? ''),
    version: text(entry.version) ?? '',
    marker: text(markers) ?? text(table(markers).main),
    source: table(entry.source),
    edges: Object.entries(table(entry.dependencies)).flatMap(([name, spec]) => edges(name, spec)),
    extras,
    hashes: list(entry.files)
      .map(file => text(table(file).hash))
      .filter((hash): hash is string => hash !== undefined)
  }
}

/** The project's main dependencies as edges: PEP 621 strings (parsed by the helper) and [tool.poetry.dependencies]. */
async function rootEdges(input: LockInput): Promise<Edge[]> {
  const document = input.document ?? {}
  const project = table(document.project)
  const wanted = input.extras.map(normalizeName)
  const optional = table(project['optional-dependencies'])
  const strings = [
    ...list(project.dependencies),
    ...Object.entries(optional)
      .filter(([extra]) => wanted.includes(normalizeName(extra)))
      .flatMap(([, items]) => list(items))
  ].map(String)
  const parsed = strings.length === 0 ? [] : (await input.evaluate({ markers: [], requirements: strings })).requirements
  const fromProject = parsed
    .filter(requirement => requirement.applies)
    .map(requirement => ({ name: normalizeName(requirement.name), extras: requirement.extras, optional: false }))
  const poetry = table(table(document.tool).poetry)
  const poetryExtras = Object.entries(table(poetry.extras))
    .filter(([extra]) => wanted.includes(normalizeName(extra)))
    .flatMap(([, names]) => list(names).map(String).map(normalizeName))
  const fromPoetry = Object.entries(table(poetry.dependencies))
    .filter(([name]) => name !== 'python')
    .flatMap(([name, spec]) => edges(name, spec))
    .filter(edge => !edge.optional || poetryExtras.includes(edge.name))
  return [...fromProject, ...fromPoetry]
}

export async function readPoetryLock(input: LockInput): Promise<LockedPackage[]> {
  const packages = list(table(parse(input.text)).package).map(poetryPackage)
  const roots = await rootEdges(input)
  const holds = await markerTable(input.evaluate, [
    ...roots.map(edge => edge.marker),
    ...packages.flatMap(item => [item.marker, ...item.edges.map(edge => edge.marker)])
  ])
  const picked = new Map<PoetryPackage, Set<string>>()
  const follow = (edge: Edge) => {
    if (!holds(edge.marker)) return
    const candidates = packages.filter(item => item.name === edge.name)
    const target = candidates.find(item => holds(item.marker)) ?? candidates[0]
    if (!target) throw new BuildError(`poetry.lock locks no ${edge.name}, which the project needs; run poetry lock`)
    const seen = picked.get(target)
    const fresh = seen === undefined ? edge.extras : edge.extras.filter(extra => !seen.has(extra))
    if (seen !== undefined && fresh.length === 0) return
    picked.set(target, new Set([...(seen ?? []), ...edge.extras]))
    const activated = fresh.flatMap(extra => target.extras[extra] ?? [])
    for (const next of target.edges) {
      const firstVisit = seen === undefined && !next.optional
      if (firstVisit || (next.optional && activated.includes(next.name))) follow(next)
    }
  }
  for (const edge of roots) follow(edge)
  return [...picked.keys()].map(item => {
    const kind = text(item.source.type)
    if (kind !== undefined && kind !== 'legacy')
      throw unsupportedSource(
        'poetry.lock',
        item.name,
        `${kind} ${text(item.source.url) ?? ''}`.trim(),
        'put poetry with poetry-plugin-export on PATH before this step'
      )
    return { name: item.name, version: item.version, hashes: item.hashes }
  })
}
