import { quote } from './errors.js'
/** The Lambda runtimes this action knows, and where each loads layer content from under /opt. */

export type RuntimeFamily = 'nodejs' | 'python' | 'ruby' | 'java' | 'provided'
export type AmazonLinux = 'AL2' | 'AL2023'

export interface LambdaRuntime {
  id: string
  family: RuntimeFamily
  /** Language version the runtime ships, e.g. "3.12" for python3.12; "" for custom runtimes. */
  languageVersion: string
  amazonLinux: AmazonLinux
  /** Highest glibc symbol version available on the runtime's Amazon Linux. */
  glibc: string
  /** Folders, relative to the layer root (= /opt), that the runtime loads dependencies from. */
  layerPaths: string[]
  /** Date Lambda deprecated the runtime, when it has. */
  deprecatedOn?: string
}

const GLIBC: Record<AmazonLinux, string> = { AL2: '2.26', AL2023: '2.34' }

function nodejs(major: number, amazonLinux: AmazonLinux, deprecatedOn?: string): LambdaRuntime {
  return {
    id: `nodejs${major}.x`,
    family: 'nodejs',
    languageVersion: String(major),
    amazonLinux,
    glibc: GLIBC[amazonLinux],
    layerPaths: ['nodejs/node_modules', `nodejs/node${major}/node_modules`],
    deprecatedOn
  }
}

function python(version: string, amazonLinux: AmazonLinux): LambdaRuntime {
  return {
    id: `python${version}`,
    family: 'python',
    languageVersion: version,
    amazonLinux,
    glibc: GLIBC[amazonLinux],
    layerPaths: [`python/lib/python${version}/site-packages`, 'python']
  }
}

function ruby(version: string, amazonLinux: AmazonLinux, deprecatedOn?: string): LambdaRuntime {
  return {
    id: `ruby${version}`,
    family: 'ruby',
    languageVersion: version,
    amazonLinux,
    glibc: GLIBC[amazonLinux],
    layerPaths: [`ruby/gems/${version}.0`, 'ruby/lib'],
    deprecatedOn
  }
}

function java(id: string, version: string, amazonLinux: AmazonLinux): LambdaRuntime {
  return {
    id,
    family: 'java',
    languageVersion: version,
    amazonLinux,
    glibc: GLIBC[amazonLinux],
    layerPaths: ['java/lib']
  }
}

function provided(id: string, amazonLinux: AmazonLinux): LambdaRuntime {
  return {
    id,
    family: 'provided',
    languageVersion: '',
    amazonLinux,
    glibc: GLIBC[amazonLinux],
    layerPaths: ['bin', 'lib']
  }
}

/**
 * Deprecation dates are those of Lambda's runtime table: Node.js 18 on 2025-09-01, Node.js 20 on
 * 2026-04-30 and Ruby 3.2 on 2026-03-31 (the languages' own end of life). The Amazon Linux 2
 * runtimes (python3.10, python3.11, java8.al2, java11, java17, provided.al2) keep receiving
 * critical patches past AL2's end of life on 2026-06-30, so no date is recorded for them here.
 */
export const RUNTIMES: readonly LambdaRuntime[] = [
  nodejs(18, 'AL2', '2025-09-01'),
  nodejs(20, 'AL2023', '2026-04-30'),
  nodejs(22, 'AL2023'),
  nodejs(24, 'AL2023'),
  python('3.10', 'AL2'),
  python('3.11', 'AL2'),
  python('3.12', 'AL2023'),
  python('3.13', 'AL2023'),
  python('3.14', 'AL2023'),
  ruby('3.2', 'AL2', '2026-03-31'),
  ruby('3.3', 'AL2023'),
  ruby('3.4', 'AL2023'),
  java('java8.al2', '8', 'AL2'),
  java('java11', '11', 'AL2'),
  java('java17', '17', 'AL2'),
  java('java21', '21', 'AL2023'),
  java('java25', '25', 'AL2023'),
  provided('provided.al2', 'AL2'),
  provided('provided.al2023', 'AL2023')
]

export const RUNTIME_IDS: readonly string[] = RUNTIMES.map(runtime => runtime.id)

export function findRuntime(id: string): LambdaRuntime | undefined {
  return RUNTIMES.find(runtime => runtime.id === id)
}

/** Runtime ids Lambda has retired, which this action no longer builds for. */
const RETIRED_RUNTIMES = [
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'ruby2.5',
  'ruby2.7',
  'java8',
  'go1.x',
  'provided'
]

const FAMILY_PREFIXES: Array<[string, RuntimeFamily]> = [
  ['nodejs', 'nodejs'],
  ['python', 'python'],
  ['ruby', 'ruby'],
  ['java', 'java'],
  ['provided', 'provided'],
  ['go', 'provided']
]

/** The runtimes of a family that Lambda has not deprecated, oldest first. */
export function currentRuntimes(family: RuntimeFamily | undefined): string[] {
  return RUNTIMES.filter(runtime => runtime.family === family && !runtime.deprecatedOn).map(runtime => runtime.id)
}

/** Why an id is not a runtime this action builds for, naming the supported ones (same family first). */
export function unsupportedRuntimeReason(id: string): string {
  const family = FAMILY_PREFIXES.find(([prefix]) => id.startsWith(prefix))?.[1]
  const sameFamily = currentRuntimes(family)
  const suggestion =
    sameFamily.length > 0 ? `use ${sameFamily.join(', ')}` : `expected one of ${RUNTIME_IDS.join(', ')}`
  if (RETIRED_RUNTIMES.includes(id)) {
    const goHint = id === 'go1.x' ? ' (Go functions run on provided.al2023 as an executable named bootstrap)' : ''
    return `${quote(id)} is a deprecated Lambda runtime this action does not build for${goHint}; ${suggestion}.`
  }
  if (sameFamily.length > 0)
    return `${quote(id)} is not a known Lambda runtime; ${suggestion} (all supported: ${RUNTIME_IDS.join(', ')}).`
  return `${quote(id)} is not a known Lambda runtime; expected one of ${RUNTIME_IDS.join(', ')}.`
}

/** Folders every runtime loads from: /opt/bin is on PATH and /opt/lib on LD_LIBRARY_PATH. */
export const SHARED_LAYER_PATHS: readonly string[] = ['bin', 'lib']

/** Every folder the runtime finds layer content in: its own, then bin/ and lib/. */
export function loadableFolders(runtime: LambdaRuntime): string[] {
  return [...new Set([...runtime.layerPaths, ...SHARED_LAYER_PATHS])]
}

/** Files at the layer root the runtime uses: a custom runtime starts /opt/bootstrap. */
export function loadableFiles(runtime: LambdaRuntime): string[] {
  return runtime.family === 'provided' ? ['bootstrap'] : []
}

/** The folder dependencies are installed into for a runtime (the first of its layer paths). */
export function installPath(runtime: LambdaRuntime): string {
  return runtime.layerPaths[0]
}
