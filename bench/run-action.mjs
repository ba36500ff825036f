// Runs the bundled action as the runner does (tools/run-dist.mjs: node dist/index.js with INPUT_*
// variables, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), under GNU time for its peak RSS.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { errorLines, runDist } from '../tools/run-dist.mjs'
import { runMeasured } from './measure.mjs'

/**
 * options.prefix: a command to run node under (taskset); options.inspect(runnerTemp): called
 * before RUNNER_TEMP is removed, its result merged into the returned run.
 */
export async function runAction(inputs, endpoint, options = {}) {
  const prefix = options.prefix ?? []
  const run = await runDist(inputs, {
    endpoint,
    run: (command, args, spawnOptions) =>
      prefix.length > 0
        ? runMeasured(prefix[0], [...prefix.slice(1), command, ...args], spawnOptions)
        : runMeasured(command, args, spawnOptions)
  })
  try {
    if (run.code !== 0) throw new Error(`the action failed (exit ${run.code}):\n${errorLines(run.stdout).join('\n')}`)
    return options.inspect ? { ...run, ...(await options.inspect(join(run.runnerTemp, 'temp'))) } : run
  } finally {
    await rm(run.runnerTemp, { recursive: true, force: true })
  }
}

/** Seconds of the "Publish to N region(s): done in X s" line the action logs. */
export function loggedPublishSeconds(stdout) {
  const match = /Publish to \d+ region\(s\): done in ([\d.]+)s/.exec(stdout)
  return match ? Number(match[1]) : NaN
}
