import { EXECUTABLE_MODE, type LayerEntry } from './layer-entries.js'

/**
 * Files that must run whatever their mode on disk (a checkout on Windows, an artifact download
 * or a copy can drop the execute bit): everything under bin/, which is on every runtime's PATH
 * as /opt/bin, and bootstrap, a custom runtime's entry point as /opt/bootstrap.
 */
export function isExecutablePath(path: string): boolean {
  return path === 'bootstrap' || path.startsWith('bin/')
}

/** The entries with executable paths given mode 0755. */
export function markExecutables(entries: LayerEntry[]): LayerEntry[] {
  return entries.map(entry => (entry.type === 'file' && isExecutablePath(entry.path) ? { ...entry, mode: entry.mode | EXECUTABLE_MODE } : entry))
}
