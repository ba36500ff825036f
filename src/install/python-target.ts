/** The Python a layer is built for: its marker environment and the wheel tags it loads. */
import { PIP_MACHINE, type Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'

/**
 * PEP 508 marker values of the Lambda runtime (Linux, CPython X.Y). The patch level is unknown
 * ahead of time, so python_full_version is X.Y.0, the version pip checks Requires-Python against.
 */
export function targetMarkerEnvironment(runtime: LambdaRuntime, architecture: Architecture): Record<string, string> {
  const version = runtime.languageVersion
  return {
    implementation_name: 'cpython',
    implementation_version: `${version}.0`,
    os_name: 'posix',
    platform_machine: PIP_MACHINE[architecture],
    platform_python_implementation: 'CPython',
    platform_release: '',
    platform_system: 'Linux',
    platform_version: '',
    python_full_version: `${version}.0`,
    python_version: version,
    sys_platform: 'linux'
  }
}

/** glibc on x86_64 goes back to manylinux1 (2.5); aarch64 wheels start at 2.17. */
const OLDEST_GLIBC_MINOR: Record<Architecture, number> = { x86_64: 5, arm64: 17 }

/** PEP 599/571/513 names of manylinux_2_17, 2_12 and 2_5, for wheels tagged only with the legacy name. */
const LEGACY_ALIASES: Record<number, string> = { 17: 'manylinux2014', 12: 'manylinux2010', 5: 'manylinux1' }

/**
 * Every manylinux platform tag the runtime's glibc loads, newest first (pip prefers earlier tags):
 * manylinux_2_26 … 2_17 on Amazon Linux 2, manylinux_2_34 … 2_17 on AL2023, and older ones down
 * to manylinux1 on x86_64, each legacy alias right after its PEP 600 name.
 */
export function wheelPlatforms(runtime: LambdaRuntime, architecture: Architecture): string[] {
  const machine = PIP_MACHINE[architecture]
  const newest = Number(runtime.glibc.split('.')[1])
  const tags: string[] = []
  for (let minor = newest; minor >= OLDEST_GLIBC_MINOR[architecture]; minor--) {
    tags.push(`manylinux_2_${minor}_${machine}`)
    const alias = LEGACY_ALIASES[minor]
    if (alias && (architecture === 'x86_64' || minor === 17)) tags.push(`${alias}_${machine}`)
  }
  return tags
}

/** The pip install options that pick distributions for the runtime, whatever Python the runner has. */
export function targetPipOptions(runtime: LambdaRuntime, architectures: Architecture[], extraPlatforms: string[] = []) {
  const platforms = [...architectures.flatMap(architecture => wheelPlatforms(runtime, architecture)), ...extraPlatforms]
  const abi = `cp${runtime.languageVersion.replace('.', '')}`
  return [
    '--implementation',
    'cp',
    '--python-version',
    runtime.languageVersion,
    '--abi',
    abi,
    '--only-binary=:all:',
    ...platforms.flatMap(platform => ['--platform', platform])
  ]
}

/** One line for errors: what pip was asked to find. */
export function describeTarget(runtime: LambdaRuntime, architectures: Architecture[]): string {
  const platforms = architectures.flatMap(architecture => wheelPlatforms(runtime, architecture))
  return `Python ${runtime.languageVersion} (cp${runtime.languageVersion.replace('.', '')}, abi3 or none), platforms ${platforms[0]} … ${platforms[platforms.length - 1]} (${platforms.length} tags) or any, binary wheels only (--only-binary=:all:)`
}
