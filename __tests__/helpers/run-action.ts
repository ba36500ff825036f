import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ACTION_ENTRY = resolve('dist/index.js')

export const TEST_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIDLOOPBACKTEST',
  AWS_SECRET_ACCESS_KEY: 'loopback-secret-access-key-value',
  AWS_SESSION_TOKEN: 'loopback-session-token-value'
}

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

/** Parses the GITHUB_OUTPUT file format that @actions/core writes (name<<delimiter ... delimiter). */
export function parseGithubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[index])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      while (++index < lines.length && lines[index] !== delimiter) value.push(lines[index])
      outputs[name] = value.join('\n')
    } else if (lines[index].includes('=')) {
      const at = lines[index].indexOf('=')
      outputs[lines[index].slice(0, at)] = lines[index].slice(at + 1)
    }
  }
  return outputs
}

function baseEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (
      name.startsWith('INPUT_') ||
      name.startsWith('AWS_') ||
      name.startsWith('GITHUB_') ||
      name.startsWith('RUNNER_')
    )
      continue
    env[name] = value
  }
  return env
}

/**
 * Runs the bundled action as the runner does: node dist/index.js with INPUT_* variables, a fresh
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY file, RUNNER_TEMP, and the loopback endpoint.
 */
export async function runAction(
  inputs: Record<string, string>,
  options: { endpoint?: string; env?: NodeJS.ProcessEnv; cwd?: string; onSpawn?: (child: ChildProcess) => void } = {}
): Promise<ActionRun> {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'action-run-'))
  const outputFile = join(runnerTemp, 'github-output')
  const summaryFile = join(runnerTemp, 'step-summary.md')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const env: NodeJS.ProcessEnv = {
    ...baseEnvironment(),
    ...TEST_CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: join(runnerTemp, 'temp'),
    ...(options.endpoint ? { AWS_ENDPOINT_URL: options.endpoint } : {}),
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value

  const child = spawn(process.execPath, [ACTION_ENTRY], { cwd: options.cwd ?? process.cwd(), env })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const exitCode = await new Promise<number>(resolvePromise => child.on('close', code => resolvePromise(code ?? -1)))
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseGithubOutput(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    runnerTemp
  }
}

/** The ::error:: lines the action wrote, unescaped. */
export function errorLines(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::error::'))
    .map(line => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'))
}
