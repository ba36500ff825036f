import AdmZip from 'adm-zip'
import type { RunSource } from '../model/workflow-run.js'
import { writeFile } from 'node:fs/promises'
import {
  jarPackage,
  metadataKind,
  packageFromMetadata,
  POM_PROPERTIES,
  sortPackages,
  type LayerPackage
} from './package-manifest.js'

/** The pom.properties texts inside a jar; none when the jar cannot be read. */
export function pomPropertiesOf(jar: Buffer): string[] {
  try {
    return new AdmZip(jar)
      .getEntries()
      .filter(entry => POM_PROPERTIES.test(entry.entryName))
      .map(entry => entry.getData().toString('utf8'))
  } catch {
    return []
  }
}

/**
 * The package a metadata entry of the layer describes, from the bytes the zip holds for it: a
 * jar's pom.properties, or the text of package.json, METADATA or a gemspec. Undefined for other
 * entries. A link's bytes are its target, so the folder or file name names the package.
 */
export function packageFromEntry(entryName: string, bytes: Buffer): LayerPackage | undefined {
  const kind = metadataKind(entryName)
  if (kind === 'jar') return jarPackage(entryName, pomPropertiesOf(bytes))
  return kind ? packageFromMetadata(entryName, bytes.toString('utf8')) : undefined
}

/** The packages in a layer zip (bytes, or already opened), read from its entries as layer-packages.ts reads a packed folder's. */
export function packagesInZip(zip: Buffer | AdmZip): LayerPackage[] {
  const packages: LayerPackage[] = []
  for (const entry of (Buffer.isBuffer(zip) ? new AdmZip(zip) : zip).getEntries()) {
    if (entry.isDirectory || !metadataKind(entry.entryName)) continue
    const found = packageFromEntry(entry.entryName, entry.getData())
    if (found) packages.push(found)
  }
  return sortPackages(packages)
}

/** What the package-manifest file holds. */
export interface PackageManifestFile {
  layerName: string
  codeSha256: string
  /** Commit and run that built the layer, when known. */
  source?: RunSource
  packages: LayerPackage[]
}

export async function writePackageManifest(path: string, manifest: PackageManifestFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Writes the layer's packages to `path` as the package-manifest file. */
export async function recordPackages(
  list: LayerPackage[],
  path: string,
  describe: Omit<PackageManifestFile, 'packages'>
): Promise<{ list: LayerPackage[]; path: string }> {
  await writePackageManifest(path, { ...describe, packages: list })
  return { list, path }
}
