/** The workflow run a step belongs to: which commit built the layer, and where the run is. */
export interface WorkflowRun {
  /** Commit SHA (GITHUB_SHA). */
  sha?: string
  /** Git ref, e.g. refs/heads/main (GITHUB_REF). */
  ref?: string
  /** owner/name (GITHUB_REPOSITORY). */
  repository?: string
  /** GITHUB_RUN_ID. */
  runId?: string
  /** GITHUB_SERVER_URL, https://github.com by default. */
  serverUrl: string
}

export const SHORT_SHA_LENGTH = 7

/** The commit's page, when the run names a repository and a commit. */
export function commitUrl(run: WorkflowRun): string | undefined {
  return run.repository && run.sha ? `${run.serverUrl}/${run.repository}/commit/${run.sha}` : undefined
}

/** The run's page, when the run names a repository and a run id. */
export function runUrl(run: WorkflowRun): string | undefined {
  return run.repository && run.runId ? `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}` : undefined
}

/** The placeholders a workflow run provides, each with the variable it comes from and its value (if any). */
export function workflowPlaceholders(run: WorkflowRun): Record<string, { from: string; value?: string }> {
  return {
    sha: { from: 'GITHUB_SHA', value: run.sha },
    'short-sha': { from: 'GITHUB_SHA', value: run.sha?.slice(0, SHORT_SHA_LENGTH) },
    ref: { from: 'GITHUB_REF', value: run.ref },
    repo: { from: 'GITHUB_REPOSITORY', value: run.repository },
    'run-id': { from: 'GITHUB_RUN_ID', value: run.runId },
    'run-url': { from: 'GITHUB_REPOSITORY or GITHUB_RUN_ID', value: runUrl(run) }
  }
}

/** What the package-manifest file records of the run: the repository, commit, ref and run page. */
export interface RunSource {
  repository?: string
  sha?: string
  ref?: string
  runUrl?: string
}

export function runSource(run: WorkflowRun): RunSource {
  return { repository: run.repository, sha: run.sha, ref: run.ref, runUrl: runUrl(run) }
}
