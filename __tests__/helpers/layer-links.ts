import AdmZip from 'adm-zip'
import { posix } from 'node:path'

/** Zip entry name → permission bits, with the entry type folded in: d for folders, l for links, - for files. */
export function zipEntryKinds(zip: string | Buffer): Record<string, string> {
  const kinds: Record<string, string> = {}
  for (const entry of new AdmZip(zip).getEntries()) {
    const unix = entry.attr >>> 16
    const type = (unix & 0o170000) === 0o120000 ? 'l' : (unix & 0o170000) === 0o040000 ? 'd' : '-'
    kinds[entry.entryName] = `${type}${(unix & 0o777).toString(8)}`
  }
  return kinds
}

/** Links among the zip's entries whose target leaves the layer or is no entry of the zip. */
export function linksLeavingTheLayer(zip: string | Buffer): string[] {
  const entries = new AdmZip(zip).getEntries()
  const names = new Set(entries.map(entry => entry.entryName.replace(/\/$/, '')))
  return entries
    .filter(entry => ((entry.attr >>> 16) & 0o170000) === 0o120000)
    .flatMap(entry => {
      const target = entry.getData().toString('utf8')
      const resolved = posix.normalize(posix.join(posix.dirname(entry.entryName), target))
      return target.startsWith('/') || resolved.startsWith('..') || !names.has(resolved)
        ? [`${entry.entryName} -> ${target}`]
        : []
    })
}
