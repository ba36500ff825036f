import AdmZip from 'adm-zip'
import type { RunSource } from '../model/workflow-run.js'
import { readFile, writeFile } from 'node:fs/promises'
import {
  jarPackage,
  metadataKind,
  packageFromMetadata,
  POM_PROPERTIES,
  sortPackages,
  type LayerPackage
} from './package-manifest.js'

/** The pom.properties texts inside a jar; none when the jar cannot be read. */
function pomPropertiesOf(jar: Buffer): string[] {
  try {
    return new AdmZip(jar)
      .getEntries()
      .filter(entry => POM_PROPERTIES.test(entry.entryName))
      .map(entry => entry.getData().toString('utf8'))
  } catch {
    return []
  }
}

/** The packages in a layer zip, read from its entries: the same for every route (install, prebuilt, archive). */
export function packagesInZip(zip: Buffer): LayerPackage[] {
  const packages: LayerPackage[] = []
  for (const entry of new AdmZip(zip).getEntries()) {
    if (entry.isDirectory) continue
    const kind = metadataKind(entry.entryName)
    if (kind === 'jar') packages.push(jarPackage(entry.entryName, pomPropertiesOf(entry.getData())))
    else if (kind) {
      const found = packageFromMetadata(entry.entryName, entry.getData().toString('utf8'))
      if (found) packages.push(found)
    }
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

/** Reads the packages of the layer zip on disk and writes them to `path` as the package-manifest file. */
export async function recordPackages(
  zipPath: string,
  path: string,
  describe: Omit<PackageManifestFile, 'packages'>
): Promise<{ list: LayerPackage[]; path: string }> {
  const list = packagesInZip(await readFile(zipPath))
  await writePackageManifest(path, { ...describe, packages: list })
  return { list, path }
}
