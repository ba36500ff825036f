// Runs the bundled action as the runner does (tools/run-dist.mjs: node dist/index.js with INPUT_*
// variables, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), under GNU time for its peak RSS.
import { rm } from 'node:fs/promises'
import { errorLines, runDist } from '../tools/run-dist.mjs'
import { runMeasured } from './measure.mjs'

export async function runAction(inputs, endpoint) {
  const run = await runDist(inputs, { endpoint, run: runMeasured })
  await rm(run.runnerTemp, { recursive: true, force: true })
  if (run.code !== 0) throw new Error(`the action failed (exit ${run.code}):\n${errorLines(run.stdout).join('\n')}`)
  return run
}

/** Seconds of the "Publish to N region(s): done in X s" line the action logs. */
export function loggedPublishSeconds(stdout) {
  const match = /Publish to \d+ region\(s\): done in ([\d.]+)s/.exec(stdout)
  return match ? Number(match[1]) : NaN
}
