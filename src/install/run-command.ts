import * as exec from '@actions/exec'

export class BuildError extends Error {
  override name = 'BuildError'
}

/**
 * One package-manager invocation, described independently of where it runs: natively on the
 * runner, or unchanged inside a build image (see container-runner.ts).
 */
export interface Command {
  /** Program looked up on PATH (on the runner, or inside the image). */
  program: string
  args: string[]
  /** Absolute working directory; inside a build image the same path is mounted. */
  cwd: string
  /** Variables the command needs on top of the inherited environment. */
  env?: Record<string, string>
}

/** Runs installer commands somewhere: the runner itself or a container. */
export interface CommandRunner {
  /** Where commands run, for the log and the summary. */
  readonly where: string
  /** CPU the commands run on, in Node.js terms (x64, arm64). */
  readonly cpu: string
  /** Runs the command with its output streamed to the log; throws a BuildError when it fails. */
  run(command: Command): Promise<void>
  /** Runs the command quietly and returns its trimmed standard output, or undefined when it cannot run or fails. */
  output(command: Command): Promise<string | undefined>
}

/** Runs a program with its output streamed to the log; label names it in the error. */
export async function execOrThrow(
  program: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; label: string }
): Promise<void> {
  let exitCode: number
  try {
    exitCode = await exec.exec(program, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env } as Record<string, string>,
      ignoreReturnCode: true
    })
  } catch (error) {
    throw new BuildError(`could not run ${program}: ${(error as Error).message}`)
  }
  if (exitCode !== 0) throw new BuildError(`${options.label} failed with exit code ${exitCode} (see the log above)`)
}

/** Runs a program quietly; its trimmed standard output, or undefined when it cannot run or fails. */
export async function execOutput(
  program: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {}
): Promise<string | undefined> {
  try {
    const result = await exec.getExecOutput(program, args, {
      cwd: options.cwd,
      env: options.env ? ({ ...process.env, ...options.env } as Record<string, string>) : undefined,
      silent: true,
      ignoreReturnCode: true
    })
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  } catch {
    return undefined
  }
}

/** "npm ci", "python3 -m pip": the program and its first word, for error messages. */
export function commandLabel(command: Command): string {
  const words = command.args[0] === '-m' ? command.args.slice(0, 3) : command.args.slice(0, 1)
  return [command.program, ...words].join(' ')
}

/** Runs commands directly on the machine the action runs on (a runner or a job container). */
export const nativeRunner: CommandRunner = {
  where: 'this machine',
  cpu: process.arch,
  run: command =>
    execOrThrow(command.program, command.args, { cwd: command.cwd, env: command.env, label: commandLabel(command) }),
  output: command => execOutput(command.program, command.args, { cwd: command.cwd, env: command.env })
}
