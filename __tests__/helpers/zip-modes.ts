import AdmZip from 'adm-zip'

/** Unix permission bits of each zip entry (from the external attributes), by entry name. */
export function zipEntryModes(zip: string | Buffer): Record<string, number> {
  return Object.fromEntries(new AdmZip(zip).getEntries().map(entry => [entry.entryName, (entry.attr >>> 16) & 0o777]))
}
