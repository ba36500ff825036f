import { readFile, stat } from 'node:fs/promises'
import type { LambdaRuntime } from '../model/runtimes.js'
import { containerHint } from './container-hints.js'
import { amazonLinuxRelease, describeOsRelease, type OperatingSystem } from './os-release.js'

/** Where the action itself runs: operating system, container or not, C library. */
export interface BuildEnvironment {
  /** Undefined when no os-release file exists (not Linux, or a minimal image). */
  os?: OperatingSystem
  /** The trace that shows a container, when in one. */
  container?: string
  /** glibc version Node.js runs on, when it links glibc. */
  glibc?: string
  /** Node.js CPU name, e.g. x64, arm64. */
  cpu: string
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined)
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

/**
 * The report's JavaScript stack goes through Error.prepareStackTrace, which the bundle's
 * source-map support replaces: it would parse dist/'s whole source map (0.15 s and 30 MB of peak
 * RSS on every run) for a stack nobody reads.
 */
function plainReport(): unknown {
  const prepare = Error.prepareStackTrace
  delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace
  try {
    return process.report?.getReport()
  } finally {
    Error.prepareStackTrace = prepare
  }
}

function glibcVersion(): string | undefined {
  const header = (plainReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
  return header?.glibcVersionRuntime
}

/** Reads /etc/os-release (or /usr/lib/os-release), container traces and the glibc version. No external tool is run. */
export async function detectBuildEnvironment(env: NodeJS.ProcessEnv): Promise<BuildEnvironment> {
  const osRelease = (await readText('/etc/os-release')) ?? (await readText('/usr/lib/os-release'))
  const container = containerHint({
    dockerenv: await exists('/.dockerenv'),
    containerenv: await exists('/run/.containerenv'),
    cgroup: (await readText('/proc/1/cgroup')) ?? '',
    containerVariable: env.container
  })
  return {
    os: osRelease === undefined ? undefined : describeOsRelease(osRelease),
    container,
    glibc: glibcVersion(),
    cpu: process.arch
  }
}

/** One line for the log and the summary, e.g. "Amazon Linux 2023 in a container (/.dockerenv), glibc 2.34, x64". */
export function describeBuildEnvironment(environment: BuildEnvironment): string {
  const os = environment.os?.prettyName ?? `${process.platform} (no os-release)`
  const where = environment.container ? ` in a container (${environment.container})` : ''
  const glibc = environment.glibc ? `, glibc ${environment.glibc}` : ''
  return `${os}${where}${glibc}, ${environment.cpu}`
}

/** How the build machine relates to the runtime's Amazon Linux, when that matters for native code. */
export function environmentNote(environment: BuildEnvironment, runtime: LambdaRuntime): string | undefined {
  const release = environment.os ? amazonLinuxRelease(environment.os) : undefined
  if (release === runtime.amazonLinux)
    return `native code is built on ${release}, the same Amazon Linux as ${runtime.id}`
  if (release)
    return `this is ${release} but ${runtime.id} runs on ${runtime.amazonLinux}; native code built here may need a newer or older glibc`
  return undefined
}
