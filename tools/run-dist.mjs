// Runs the bundled action (node dist/index.js) the way a GitHub runner runs a node action: each
// input as an INPUT_<NAME> variable (upper-cased, spaces to underscores, hyphens kept), fresh
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, RUNNER_TEMP, and no INPUT_, AWS_, GITHUB_ or
// RUNNER_ variables inherited from the caller. Shared by the tests, the bench and the demo.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const DIST_ENTRY = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js')

/** Credentials the loopback API accepts; real-looking enough for the SDK to sign with. */
export const LOOPBACK_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIDLOOPBACKTEST',
  AWS_SECRET_ACCESS_KEY: 'loopback-secret-access-key-value',
  AWS_SESSION_TOKEN: 'loopback-session-token-value'
}

/** The variable the runner sets for an input: INPUT_LAYER-NAME for layer-name. */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** The caller's environment without the variables a runner sets for each step. */
export function withoutRunnerVariables(env = process.env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(INPUT_|AWS_|GITHUB_|RUNNER_)/.test(name)))
}

/** Parses the GITHUB_OUTPUT file format that @actions/core writes (name<<delimiter ... delimiter). */
export function parseGithubOutput(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[index])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value = []
      while (++index < lines.length && lines[index] !== delimiter) value.push(lines[index])
      outputs[name] = value.join('\n')
    } else if (lines[index].includes('=')) {
      const at = lines[index].indexOf('=')
      outputs[lines[index].slice(0, at)] = lines[index].slice(at + 1)
    }
  }
  return outputs
}

/** The ::error:: lines the action wrote to stdout, unescaped. */
export function errorLines(stdout) {
  return stdout
    .split('\n')
    .filter(line => line.startsWith('::error::'))
    .map(line => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'))
}

/** Spawns the command, collecting its output (or passing it through with stdio: 'inherit'). */
async function spawnCollecting(command, args, options, stdio, onSpawn) {
  const child = spawn(command, args, { ...options, stdio: stdio === 'inherit' ? 'inherit' : 'pipe' })
  onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', chunk => (stdout += chunk))
  child.stderr?.on('data', chunk => (stderr += chunk))
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', exitCode => resolve(exitCode ?? -1))
  })
  return { code, stdout, stderr }
}

/**
 * Runs node dist/index.js with the inputs; resolves when it exits with its exit code, output,
 * parsed outputs, step summary and the scratch folder (RUNNER_TEMP is its temp/ child; the caller
 * removes it when done). options.run replaces the spawn, e.g. with one that measures the process.
 */
export async function runDist(inputs, options = {}) {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'action-run-'))
  const outputFile = join(runnerTemp, 'github-output')
  const summaryFile = join(runnerTemp, 'step-summary.md')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const env = {
    ...withoutRunnerVariables(),
    ...LOOPBACK_CREDENTIALS,
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: join(runnerTemp, 'temp'),
    ...(options.endpoint ? { AWS_ENDPOINT_URL: options.endpoint } : {}),
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value

  const spawnOptions = { cwd: options.cwd ?? process.cwd(), env }
  const run = options.run
    ? await options.run(process.execPath, [DIST_ENTRY], spawnOptions)
    : await spawnCollecting(process.execPath, [DIST_ENTRY], spawnOptions, options.stdio, options.onSpawn)
  return {
    ...run,
    exitCode: run.code,
    outputs: parseGithubOutput(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    summaryFile,
    runnerTemp
  }
}
