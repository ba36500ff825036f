/** Pipfile.lock (JSON): its "default" packages whose markers hold for the target; "develop" is left out. */
import { BuildError } from './run-command.js'
import {
  markerTable,
  table,
  text,
  unsupportedSource,
  type LockedPackage,
  type LockInput
} from './python-lock-reading.js'

export async function readPipfileLock(input: LockInput): Promise<LockedPackage[]> {
  let document: Record<string, unknown>
  try {
    document = table(JSON.parse(input.text))
  } catch (error) {
    throw new BuildError(`Pipfile.lock is not valid JSON: ${(error as Error).message}`)
  }
  const entries = Object.entries(table(document.default)).map(([name, value]) => ({ name, entry: table(value) }))
  const holds = await markerTable(
    input.evaluate,
    entries.map(({ entry }) => text(entry.markers))
  )
  const packages: LockedPackage[] = []
  for (const { name, entry } of entries) {
    if (!holds(text(entry.markers))) continue
    const version = text(entry.version)
    if (version === undefined) {
      if (entry.editable === true && entry.path === '.') continue
      const where = ['git', 'path', 'file'].find(kind => kind in entry) ?? 'no version'
      throw unsupportedSource(
        'Pipfile.lock',
        name,
        `${where} ${String(entry[where] ?? '')}`.trim(),
        'install it from a requirements.txt instead'
      )
    }
    const hashes = Array.isArray(entry.hashes) ? entry.hashes.map(String) : []
    packages.push({ name, version: version.replace(/^==/, ''), hashes })
  }
  return packages
}
