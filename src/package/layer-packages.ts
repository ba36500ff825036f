/**
 * The packages of a layer being packed, from the metadata files the zip writer reads anyway: the
 * writer hands over their content from its one read of each file, so the manifest never reads the
 * finished zip back. Jars (whose pom.properties sit inside them) and metadata files too large to
 * be read whole are read from the layer folder.
 */
import { readFile } from 'node:fs/promises'
import type { LayerEntry } from './layer-entries.js'
import { metadataKind, sortPackages, type LayerPackage } from './package-manifest.js'
import { packageFromEntry } from './read-package-manifest.js'

/** A text metadata file (package.json, METADATA, gemspec) whose content the writer should hand over. */
export function isMetadataFile(entry: LayerEntry): boolean {
  const kind = entry.type === 'file' ? metadataKind(entry.path) : undefined
  return kind !== undefined && kind !== 'jar'
}

export class LayerPackages {
  private readonly read = new Map<string, LayerPackage | undefined>()

  /** The content of a metadata file, as the writer read it. */
  add(entry: LayerEntry, content: Buffer): void {
    this.read.set(entry.path, packageFromEntry(entry.path, content))
  }

  /**
   * Every package among the entries, in a stable order, as packagesInZip lists the zip's: from the
   * contents handed over, else (jars, files cut into pieces) read from the folder; a link's bytes
   * in the zip are its target.
   */
  async list(entries: LayerEntry[]): Promise<LayerPackage[]> {
    const packages: LayerPackage[] = []
    for (const entry of entries) {
      if (entry.type === 'directory' || !metadataKind(entry.path)) continue
      const found = this.read.has(entry.path)
        ? this.read.get(entry.path)
        : packageFromEntry(
            entry.path,
            entry.type === 'symlink'
              ? Buffer.from(entry.linkTarget ?? '')
              : await readFile(entry.absolutePath as string)
          )
      if (found) packages.push(found)
    }
    return sortPackages(packages)
  }
}
