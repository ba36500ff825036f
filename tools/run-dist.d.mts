import type { ChildProcess, SpawnOptions } from 'node:child_process'

export declare const DIST_ENTRY: string
export declare const LOOPBACK_CREDENTIALS: {
  AWS_ACCESS_KEY_ID: string
  AWS_SECRET_ACCESS_KEY: string
  AWS_SESSION_TOKEN: string
}

export declare function inputVariable(name: string): string
export declare function withoutRunnerVariables(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
export declare function parseGithubOutput(text: string): Record<string, string>
export declare function errorLines(stdout: string): string[]

export interface SpawnResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunDistOptions<Extra extends SpawnResult = SpawnResult> {
  /** AWS_ENDPOINT_URL, e.g. the loopback API's URL. */
  endpoint?: string
  /** Variables on top of (and overriding) the runner-like environment. */
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** 'pipe' (default) collects stdout and stderr; 'inherit' passes them through. */
  stdio?: 'pipe' | 'inherit'
  onSpawn?: (child: ChildProcess) => void
  /** Replaces the spawn, e.g. with one that measures the process; its result is spread into the run. */
  run?: (
    command: string,
    args: string[],
    options: SpawnOptions & { env: NodeJS.ProcessEnv; cwd: string }
  ) => Promise<Extra>
}

export type DistRun<Extra extends SpawnResult = SpawnResult> = Extra & {
  exitCode: number
  outputs: Record<string, string>
  summary: string
  summaryFile: string
  runnerTemp: string
}

export declare function runDist<Extra extends SpawnResult = SpawnResult>(
  inputs: Record<string, string>,
  options?: RunDistOptions<Extra>
): Promise<DistRun<Extra>>
