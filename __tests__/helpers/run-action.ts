import type { ChildProcess } from 'node:child_process'
import { DIST_ENTRY, LOOPBACK_CREDENTIALS, errorLines as distErrorLines, runDist } from '../../tools/run-dist.mjs'

export { parseGithubOutput } from '../../tools/run-dist.mjs'

export const ACTION_ENTRY = DIST_ENTRY
export const TEST_CREDENTIALS = LOOPBACK_CREDENTIALS

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

/**
 * Runs the bundled action as the runner does (tools/run-dist.mjs): node dist/index.js with
 * INPUT_* variables, a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY file, RUNNER_TEMP, and the
 * loopback endpoint.
 */
export function runAction(
  inputs: Record<string, string>,
  options: { endpoint?: string; env?: NodeJS.ProcessEnv; cwd?: string; onSpawn?: (child: ChildProcess) => void } = {}
): Promise<ActionRun> {
  return runDist(inputs, options)
}

/** The ::error:: lines the action wrote, unescaped. */
export function errorLines(run: ActionRun): string[] {
  return distErrorLines(run.stdout)
}
