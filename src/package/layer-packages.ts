/**
 * The packages of a layer being packed, from the metadata files the zip writer reads anyway: the
 * writer hands over their content from its one read of each file, so the manifest never reads the
 * finished zip back. Jars (whose pom.properties sit inside them) and metadata files too large to
 * be read whole are read from the layer folder.
 */
import { readFile } from 'node:fs/promises'
import type { LayerEntry } from './layer-entries.js'
import { jarPackage, metadataKind, packageFromMetadata, sortPackages, type LayerPackage } from './package-manifest.js'
import { pomPropertiesOf } from './read-package-manifest.js'

/** A text metadata file (package.json, METADATA, gemspec) whose content the writer should hand over. */
export function isMetadataFile(entry: LayerEntry): boolean {
  const kind = entry.type === 'file' ? metadataKind(entry.path) : undefined
  return kind !== undefined && kind !== 'jar'
}

export class LayerPackages {
  private readonly read = new Map<string, LayerPackage | undefined>()

  /** The content of a metadata file, as the writer read it. */
  add(entry: LayerEntry, content: Buffer): void {
    this.read.set(entry.path, packageFromMetadata(entry.path, content.toString('utf8')))
  }

  /** Every package among the entries, in a stable order, as the zip's entries describe them. */
  async list(entries: LayerEntry[]): Promise<LayerPackage[]> {
    const packages: LayerPackage[] = []
    for (const entry of entries) {
      const found = await this.packageOf(entry)
      if (found) packages.push(found)
    }
    return sortPackages(packages)
  }

  private async packageOf(entry: LayerEntry): Promise<LayerPackage | undefined> {
    const kind = entry.type === 'directory' ? undefined : metadataKind(entry.path)
    if (!kind) return undefined
    // A link's entry holds its target: no metadata to read, so the folder names the package.
    if (entry.type === 'symlink')
      return kind === 'jar' ? jarPackage(entry.path, []) : packageFromMetadata(entry.path, entry.linkTarget ?? '')
    const path = entry.absolutePath as string
    if (kind === 'jar') return jarPackage(entry.path, pomPropertiesOf(await readFile(path)))
    if (this.read.has(entry.path)) return this.read.get(entry.path)
    return packageFromMetadata(entry.path, await readFile(path, 'utf8'))
  }
}
