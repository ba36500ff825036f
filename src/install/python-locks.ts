/**
 * Lockfiles to requirement lines pinning exactly the locked versions: through the lock's own tool
 * (uv export, poetry export) when it is on PATH, otherwise read from the lock itself.
 */
import * as core from '@actions/core'
import * as io from '@actions/io'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PythonLockfile } from '../plan/python-plan.js'
import { lockedRequirementLines, type Evaluate, type LockedPackage, type LockInput } from './python-lock-reading.js'
import { readPipfileLock } from './python-pipfile-lock.js'
import { readPoetryLock } from './python-poetry-lock.js'
import { readUvLock } from './python-uv-lock.js'
import { BuildError, execOrThrow } from './run-command.js'

export interface LockOptions {
  sourceDir: string
  stagingDir: string
  extras: string[]
  /** The parsed pyproject.toml beside the lock, when there is one. */
  document?: Record<string, unknown>
  evaluate: Evaluate
}

export interface LockRequirements {
  lines: string[]
  /** Every line carries hashes, so pip runs with --require-hashes. */
  hashed: boolean
  /** How the lock was read, for the log. */
  via: string
}

const READERS: Record<PythonLockfile, (input: LockInput) => Promise<LockedPackage[]>> = {
  'uv.lock': readUvLock,
  'poetry.lock': readPoetryLock,
  'Pipfile.lock': readPipfileLock
}

function exportArgs(lockfile: PythonLockfile, output: string, extras: string[]): [string, string[]] | undefined {
  if (lockfile === 'uv.lock') {
    const extraArgs = extras.flatMap(extra => ['--extra', extra])
    const args = ['export', '--frozen', '--format', 'requirements-txt', '--no-dev', '--no-emit-project', '--no-header']
    return ['uv', [...args, ...extraArgs, '--output-file', output]]
  }
  if (lockfile === 'poetry.lock') {
    const extraArgs = extras.flatMap(extra => ['--extras', extra])
    return ['poetry', ['export', '--format', 'requirements.txt', '--only', 'main', ...extraArgs, '--output', output]]
  }
  return undefined
}

async function viaTool(lockfile: PythonLockfile, options: LockOptions): Promise<LockRequirements | undefined> {
  const output = join(options.stagingDir, `requirements-from-${lockfile}.txt`)
  const command = exportArgs(lockfile, output, options.extras)
  if (!command || (await io.which(command[0], false)) === '') return undefined
  const [tool, args] = command
  try {
    await execOrThrow(tool, args, { cwd: options.sourceDir, label: `${tool} export` })
  } catch (error) {
    if (!(error instanceof BuildError) || tool !== 'poetry') throw error
    core.warning(`poetry export failed (Poetry 2 needs poetry-plugin-export); reading poetry.lock itself instead.`)
    return undefined
  }
  const lines = (await readFile(output, 'utf8')).split(/\r?\n/)
  return { lines, hashed: lines.some(line => /--hash[= ]/.test(line)), via: `${tool} export` }
}

/** The requirement lines that install exactly what the lockfile pins for the target. */
export async function lockRequirements(lockfile: PythonLockfile, options: LockOptions): Promise<LockRequirements> {
  const exported = await viaTool(lockfile, options)
  if (exported) return exported
  const text = await readFile(join(options.sourceDir, lockfile), 'utf8')
  const packages = await READERS[lockfile]({
    text,
    document: options.document,
    extras: options.extras,
    evaluate: options.evaluate
  })
  const { lines, hashed } = lockedRequirementLines(lockfile, packages)
  return { lines, hashed, via: `${lockfile} read directly` }
}
