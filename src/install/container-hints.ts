/** Decides from a few well-known traces whether the process runs inside a container. */

export interface ContainerTraces {
  /** /.dockerenv exists (Docker, and GitHub's container jobs). */
  dockerenv: boolean
  /** /run/.containerenv exists (Podman). */
  containerenv: boolean
  /** Text of /proc/1/cgroup, or "" when unreadable. */
  cgroup: string
  /** The `container` variable systemd-style runtimes set, if any. */
  containerVariable?: string
}

const CGROUP_RUNTIMES = /\/(docker|containerd|kubepods|libpod|lxc|actions_job)[/-]/

/** The trace that shows a container ("/.dockerenv", "/proc/1/cgroup (docker)", …), or undefined on a plain machine. */
export function containerHint(traces: ContainerTraces): string | undefined {
  if (traces.dockerenv) return '/.dockerenv'
  if (traces.containerenv) return '/run/.containerenv'
  const runtime = CGROUP_RUNTIMES.exec(traces.cgroup)
  if (runtime) return `/proc/1/cgroup (${runtime[1]})`
  if (traces.containerVariable) return `container=${traces.containerVariable}`
  return undefined
}
