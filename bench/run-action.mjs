// Runs the bundled action as the runner does (node dist/index.js with INPUT_* variables, fresh
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), under GNU time for its peak RSS.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runMeasured } from './measure.mjs'

const ACTION_ENTRY = resolve('dist/index.js')

function cleanEnvironment() {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(INPUT_|AWS_|GITHUB_|RUNNER_)/.test(name))
  )
}

/**
 * options.prefix: a command to run node under (taskset); options.inspect(runnerTemp): called
 * before RUNNER_TEMP is removed, its result merged into the returned run.
 */
export async function runAction(inputs, endpoint, options = {}) {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'bench-action-'))
  try {
    await writeFile(join(runnerTemp, 'output'), '')
    await writeFile(join(runnerTemp, 'summary.md'), '')
    const env = {
      ...cleanEnvironment(),
      AWS_ACCESS_KEY_ID: 'AKIDBENCH',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: endpoint,
      GITHUB_OUTPUT: join(runnerTemp, 'output'),
      GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
      RUNNER_TEMP: join(runnerTemp, 'temp')
    }
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
    const [command, ...args] = [...(options.prefix ?? []), process.execPath, ACTION_ENTRY]
    const run = await runMeasured(command, args, { env })
    if (run.code !== 0)
      throw new Error(
        `the action failed (exit ${run.code}):\n${run.stdout
          .split('\n')
          .filter(text => text.startsWith('::error'))
          .join('\n')}`
      )
    return options.inspect ? { ...run, ...(await options.inspect(env.RUNNER_TEMP)) } : run
  } finally {
    await rm(runnerTemp, { recursive: true, force: true })
  }
}

/** Seconds of the "Publish to N region(s): done in X s" line the action logs. */
export function loggedPublishSeconds(stdout) {
  const match = /Publish to \d+ region\(s\): done in ([\d.]+)s/.exec(stdout)
  return match ? Number(match[1]) : NaN
}
