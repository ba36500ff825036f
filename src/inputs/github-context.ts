import * as github from '@actions/github'
import type { WorkflowRun } from '../model/workflow-run.js'

/**
 * The workflow run, from @actions/github's context. The context reads the GITHUB_* variables once,
 * when the bundle loads, so it describes the environment the step was started with.
 */
export function readWorkflowRun(context: typeof github.context = github.context): WorkflowRun {
  let repository: string | undefined
  try {
    const { owner, repo } = context.repo
    repository = owner && repo ? `${owner}/${repo}` : undefined
  } catch {
    // Neither GITHUB_REPOSITORY nor an event payload: not in a workflow run.
    repository = undefined
  }
  return {
    sha: context.sha || undefined,
    ref: context.ref || undefined,
    repository,
    runId: Number.isFinite(context.runId) && context.runId > 0 ? String(context.runId) : undefined,
    serverUrl: (context.serverUrl || 'https://github.com').replace(/\/+$/, '')
  }
}
