import { cp, stat } from 'node:fs/promises'
import { join } from 'node:path'

export async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

/** Copies those of the named files or folders that exist in from into to; returns the names copied. */
export async function copyPresent(from: string, to: string, names: readonly string[]): Promise<string[]> {
  const copied: string[] = []
  for (const name of names) {
    if (!(await pathExists(join(from, name)))) continue
    await cp(join(from, name), join(to, name), { recursive: true, verbatimSymlinks: true })
    copied.push(name)
  }
  return copied
}
