import AdmZip from 'adm-zip'

/** Entry names of a zip given as a path or bytes. */
export function zipEntryNames(zip: string | Buffer): string[] {
  return new AdmZip(zip).getEntries().map(entry => entry.entryName)
}
