import { parse, TomlError } from 'smol-toml'

/** What the installer needs of a pyproject.toml (PEP 621 [project], PEP 518 [build-system]). */
export interface Pyproject {
  /** [project] name, when there is one. */
  name?: string
  /** [project] dependencies, as PEP 508 strings. */
  dependencies: string[]
  /** [project.optional-dependencies]: extra name → PEP 508 strings. */
  optionalDependencies: Record<string, string[]>
  /** The project is a package of its own (a [build-system] and not marked as no package), so it is installed too. */
  isPackage: boolean
  /** The whole document, for the lockfile readers (e.g. [tool.poetry]). */
  document: Record<string, unknown>
}

export class PyprojectError extends Error {
  override name = 'PyprojectError'
}

function table(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string'))
    throw new PyprojectError(`pyproject.toml: ${where} must be an array of requirement strings`)
  return (value as string[]).map(item => item.trim()).filter(item => item !== '')
}

/** uv's [tool.uv] package = false and Poetry's [tool.poetry] package-mode = false say "no package of its own". */
function markedNoPackage(document: Record<string, unknown>): boolean {
  const tool = table(document.tool)
  return table(tool.uv).package === false || table(tool.poetry)['package-mode'] === false
}

/** Reads a pyproject.toml with a TOML 1.0 parser; throws a PyprojectError for invalid TOML or dynamic dependencies. */
export function readPyproject(text: string): Pyproject {
  let document: Record<string, unknown>
  try {
    document = parse(text) as Record<string, unknown>
  } catch (error) {
    const detail = error instanceof TomlError ? error.message.split('\n')[0] : String(error)
    throw new PyprojectError(`pyproject.toml is not valid TOML: ${detail}`)
  }
  const project = table(document.project)
  const dynamic = strings(project.dynamic, '[project] dynamic')
  if (dynamic.includes('dependencies') && !('build-system' in document)) {
    throw new PyprojectError(
      'pyproject.toml declares its dependencies as dynamic but has no [build-system] to compute them; list them in [project] dependencies or a requirements.txt'
    )
  }
  const optional = table(project['optional-dependencies'])
  const optionalDependencies: Record<string, string[]> = {}
  for (const [extra, requirements] of Object.entries(optional))
    optionalDependencies[extra] = strings(requirements, `[project.optional-dependencies] ${extra}`)
  return {
    name: typeof project.name === 'string' ? project.name : undefined,
    dependencies: strings(project.dependencies, '[project] dependencies'),
    optionalDependencies,
    isPackage: 'build-system' in document && 'project' in document && !markedNoPackage(document),
    document
  }
}

/** PEP 503 / PEP 685 normalized name: lower case, runs of -_. as one -. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

/** The [project.optional-dependencies] groups that are not defined, for the error naming the input. */
export function unknownExtras(pyproject: Pyproject, extras: string[]): string[] {
  const defined = Object.keys(pyproject.optionalDependencies).map(normalizeName)
  return extras.filter(extra => !defined.includes(normalizeName(extra)))
}

/** The requirements of the chosen extras, in the order the groups are defined. */
export function extraRequirements(pyproject: Pyproject, extras: string[]): string[] {
  const wanted = extras.map(normalizeName)
  return Object.entries(pyproject.optionalDependencies)
    .filter(([extra]) => wanted.includes(normalizeName(extra)))
    .flatMap(([, requirements]) => requirements)
}
