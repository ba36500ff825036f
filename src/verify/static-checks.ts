/**
 * What can be checked without running a JVM or a custom runtime: jars open, bootstrap and bin/*
 * are executable, and the ELF interpreters they ask for exist on Lambda.
 */
import AdmZip from 'adm-zip'
import { lstat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import { elfInterpreter, interpreterPresent } from './elf-interpreter.js'
import type { ModuleLoad } from './verify-result.js'

const WHERE = 'static check (not run)'

async function checkJar(root: string, name: string): Promise<ModuleLoad> {
  try {
    const count = new AdmZip(await readFile(join(root, name))).getEntries().length
    if (count === 0) return { module: name, outcome: 'failed', where: WHERE, detail: 'the jar is empty' }
    return { module: name, outcome: 'checked', where: WHERE, detail: `opens (${count} entries)` }
  } catch (error) {
    return {
      module: name,
      outcome: 'failed',
      where: WHERE,
      detail: `does not open as a zip: ${(error as Error).message}`
    }
  }
}

async function checkExecutable(
  root: string,
  name: string,
  architectures: Architecture[],
  layerFiles: Set<string>
): Promise<ModuleLoad> {
  const stats = await lstat(join(root, name))
  if (stats.isSymbolicLink()) return { module: name, outcome: 'checked', where: WHERE, detail: 'a link' }
  if ((stats.mode & 0o111) === 0)
    return { module: name, outcome: 'failed', where: WHERE, detail: 'is not executable (chmod +x it before packing)' }
  const bytes = await readFile(join(root, name))
  const interpreter = elfInterpreter(bytes)
  if (interpreter === undefined) {
    const shebang = bytes.subarray(0, 2).toString('latin1') === '#!' ? bytes.toString('latin1').split('\n')[0] : ''
    return {
      module: name,
      outcome: 'checked',
      where: WHERE,
      detail: shebang ? `executable script (${shebang})` : 'executable'
    }
  }
  if (interpreter === null) return { module: name, outcome: 'checked', where: WHERE, detail: 'executable, static ELF' }
  if (!interpreterPresent(interpreter, architectures, layerFiles))
    return {
      module: name,
      outcome: 'failed',
      where: WHERE,
      detail: `its ELF interpreter ${interpreter} does not exist on Lambda (Amazon Linux has glibc's loader; a musl or Nix build needs rebuilding for glibc)`
    }
  return { module: name, outcome: 'checked', where: WHERE, detail: `executable, ELF interpreter ${interpreter}` }
}

/** Files the static checks look at: jars in java/lib, bootstrap, and bin/* (files, not folders). */
export function staticCheckTargets(
  entryNames: string[],
  runtime: LambdaRuntime
): { jars: string[]; executables: string[] } {
  const files = entryNames.filter(name => !name.endsWith('/'))
  const jars = runtime.family === 'java' ? files.filter(name => /^java\/lib\/.+\.jar$/.test(name)) : []
  const executables = files.filter(name => name === 'bootstrap' || /^bin\/[^/]+$/.test(name))
  return { jars, executables }
}

export async function staticChecks(
  root: string,
  entryNames: string[],
  runtime: LambdaRuntime,
  architectures: Architecture[]
): Promise<ModuleLoad[]> {
  const { jars, executables } = staticCheckTargets(entryNames, runtime)
  const layerFiles = new Set(entryNames)
  const loads: ModuleLoad[] = []
  for (const jar of jars) loads.push(await checkJar(root, jar))
  for (const file of executables) loads.push(await checkExecutable(root, file, architectures, layerFiles))
  return loads
}
