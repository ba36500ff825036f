import * as exec from '@actions/exec'

export class BuildError extends Error {
  override name = 'BuildError'
}

export interface CommandOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
}

/** Runs a build tool with its output streamed to the log; throws a BuildError when it fails. */
export async function runCommand(command: string, args: string[], options: CommandOptions): Promise<void> {
  let exitCode: number
  try {
    exitCode = await exec.exec(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env } as Record<string, string>,
      ignoreReturnCode: true
    })
  } catch (error) {
    throw new BuildError(`could not run ${command}: ${(error as Error).message}`)
  }
  if (exitCode !== 0) {
    throw new BuildError(`${[command, ...args.slice(0, 1)].join(' ')} failed with exit code ${exitCode} (see the log above)`)
  }
}

/** Runs a command and returns its trimmed standard output, or undefined when it cannot run. */
export async function commandOutput(command: string, args: string[], cwd: string): Promise<string | undefined> {
  try {
    const result = await exec.getExecOutput(command, args, { cwd, silent: true, ignoreReturnCode: true })
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  } catch {
    return undefined
  }
}
