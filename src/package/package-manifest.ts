/**
 * The packages a layer holds, from the metadata files its package managers leave next to each
 * package: node_modules/<name>/package.json, <dist>.dist-info/METADATA, specifications/*.gemspec
 * and jars (with the Maven coordinates of META-INF/maven/<group>/<artifact>/pom.properties). Pure:
 * entry names and texts in, packages out.
 */
import { posix } from 'node:path'

export type PackageKind = 'npm' | 'python' | 'gem' | 'jar'

export interface LayerPackage {
  name: string
  version: string
  /** Where it sits in the layer: the package folder (npm), site-packages (python), the gem home, the jar's folder. */
  folder: string
  kind: PackageKind
}

const NODE_PACKAGE_JSON = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/@.][^/]*)\/package\.json$/
const DIST_INFO_METADATA = /^(?:(.*)\/)?([^/]+)\.dist-info\/METADATA$/
const GEMSPEC = /^(?:(.*)\/)?specifications\/([^/]+)\.gemspec$/
const JAR = /^(?:(.*)\/)?([^/]+)\.jar$/
/** pom.properties of a Maven artifact inside a jar. */
export const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/

/** Name endings of the metadata files: a cheap test before the patterns, for every entry of a layer. */
const METADATA_ENDINGS = ['/package.json', '/METADATA', '.gemspec', '.jar']

/** What kind of package metadata an entry of the layer is, if any. */
export function metadataKind(entryName: string): PackageKind | undefined {
  if (!METADATA_ENDINGS.some(ending => entryName.endsWith(ending))) return undefined
  if (NODE_PACKAGE_JSON.test(entryName)) return 'npm'
  if (DIST_INFO_METADATA.test(entryName)) return 'python'
  if (GEMSPEC.test(entryName)) return 'gem'
  if (JAR.test(entryName)) return 'jar'
  return undefined
}

/** "name-1.2.3" → name and version, at the last dash that a digit follows. */
function splitNameVersion(base: string): { name: string; version: string } {
  const match = /^(.+?)-(\d[^-]*(?:-.*)?)$/.exec(base)
  return match ? { name: match[1], version: match[2] } : { name: base, version: '' }
}

function nodePackage(entryName: string, text: string): LayerPackage {
  const folder = posix.dirname(entryName)
  const fromFolder = (NODE_PACKAGE_JSON.exec(entryName) as RegExpExecArray)[1]
  let json: { name?: unknown; version?: unknown } = {}
  try {
    json = JSON.parse(text)
  } catch {
    // Unreadable package.json: the folder still names the package.
  }
  return {
    name: typeof json.name === 'string' && json.name !== '' ? json.name : fromFolder,
    version: typeof json.version === 'string' ? json.version : '',
    folder,
    kind: 'npm'
  }
}

/** The Name and Version headers of core metadata (RFC 822 style, headers end at the first blank line). */
function pythonPackage(entryName: string, text: string): LayerPackage {
  const [, folder = '', distInfo] = DIST_INFO_METADATA.exec(entryName) as RegExpExecArray
  const headers = text.split(/\r?\n\r?\n/, 1)[0]
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.+?)\\s*$`, 'mi').exec(headers)?.[1]
  const fallback = splitNameVersion(distInfo)
  return {
    name: header('Name') ?? fallback.name,
    version: header('Version') ?? fallback.version,
    folder,
    kind: 'python'
  }
}

/** An installed gem's specification: s.name, s.version and a platform other than ruby. */
function gemPackage(entryName: string, text: string): LayerPackage {
  const [, folder = '', base] = GEMSPEC.exec(entryName) as RegExpExecArray
  const field = (name: string) => new RegExp(`\\.${name}\\s*=\\s*["']([^"']+)["']`).exec(text)?.[1]
  const fallback = splitNameVersion(base)
  const platform = field('platform')
  const version = field('version') ?? fallback.version
  return {
    name: field('name') ?? fallback.name,
    version: platform && platform !== 'ruby' ? `${version}-${platform}` : version,
    folder,
    kind: 'gem'
  }
}

function properties(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([^#!=:\s]+)\s*[=:]\s*(.*?)\s*$/.exec(line)
    if (match) values[match[1]] = match[2]
  }
  return values
}

/**
 * A jar: its Maven coordinates (groupId:artifactId and version) when it carries pom.properties
 * (the one matching the file name when a shaded jar carries several), else its file name.
 */
export function jarPackage(entryName: string, pomProperties: string[]): LayerPackage {
  const [, folder = '', base] = JAR.exec(entryName) as RegExpExecArray
  const poms = pomProperties
    .map(properties)
    .filter(pom => pom.groupId && pom.artifactId && pom.version)
    .map(pom => ({
      name: `${pom.groupId}:${pom.artifactId}`,
      version: pom.version,
      file: `${pom.artifactId}-${pom.version}`
    }))
  const pom = poms.find(candidate => base.startsWith(candidate.file)) ?? (poms.length === 1 ? poms[0] : undefined)
  if (pom) return { name: pom.name, version: pom.version, folder, kind: 'jar' }
  return { ...splitNameVersion(base), folder, kind: 'jar' }
}

/** The package an npm, Python or Ruby metadata file describes. */
export function packageFromMetadata(entryName: string, text: string): LayerPackage | undefined {
  switch (metadataKind(entryName)) {
    case 'npm':
      return nodePackage(entryName, text)
    case 'python':
      return pythonPackage(entryName, text)
    case 'gem':
      return gemPackage(entryName, text)
    default:
      return undefined
  }
}

/** Packages in a stable order: by folder, then name. */
export function sortPackages(packages: LayerPackage[]): LayerPackage[] {
  const key = (item: LayerPackage) => `${item.folder}\u0000${item.name}\u0000${item.version}`
  return [...packages].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}
