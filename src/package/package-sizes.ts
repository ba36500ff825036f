/** Pure attribution of a layer's unzipped bytes to the packages that make it up. */

export interface PackageSize {
  name: string
  bytes: number
}

const NODE_MODULES = /^nodejs\/(?:node\d+\/)?node_modules\/((?:@[^/]+\/)?[^/]+)/
/** Package-manager bookkeeping at the top of node_modules (.package-lock.json, .bin): not a package. */
const NODE_MODULES_METADATA = /^nodejs\/(?:node\d+\/)?node_modules\/\.[^/]+/
const SITE_PACKAGES = /^python\/(?:lib\/python\d+\.\d+\/site-packages\/)?([^/]+)/
const RUBY_GEMS =
  /^ruby\/gems\/[^/]+\/(?:gems|specifications|extensions\/[^/]+\/[^/]+)\/([^/]+?)(?:-\d[^/]*)?(?:\.gemspec)?(?:\/|$)/
const JAVA_LIB = /^java\/lib\/([^/]+)/

/** Python distribution metadata folders count towards the package they describe. */
function pythonPackageName(top: string): string {
  const metadata = /^(.+?)-[^-]+\.(dist-info|egg-info|data)$/.exec(top)
  const name = metadata ? metadata[1] : top.replace(/\.py$/, '').replace(/\.(cpython|abi3)[^/]*\.so$/, '')
  return name.toLowerCase().replace(/[-.]+/g, '_')
}

/** The package a layer path belongs to: a node package, python distribution, gem, jar, or top folder. */
export function packageOf(path: string): string {
  const node = NODE_MODULES.exec(path)
  if (node) return node[1]
  const ruby = RUBY_GEMS.exec(path)
  if (ruby) return `${ruby[1]} (gem)`
  const java = JAVA_LIB.exec(path)
  if (java) return java[1]
  const python = SITE_PACKAGES.exec(path)
  if (python && python[1] !== 'lib') return pythonPackageName(python[1])
  const parts = path.split('/')
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0]
}

/** The largest packages by unzipped bytes, biggest first (ties by name); node_modules bookkeeping is left out. */
export function largestPackages(files: Array<{ path: string; size: number }>, limit = 10): PackageSize[] {
  const totals = new Map<string, number>()
  for (const file of files) {
    if (file.size === 0 || NODE_MODULES_METADATA.test(file.path)) continue
    const name = packageOf(file.path)
    totals.set(name, (totals.get(name) ?? 0) + file.size)
  }
  return [...totals.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name))
    .slice(0, limit)
}
