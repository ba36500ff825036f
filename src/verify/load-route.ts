/**
 * Where modules load: on the runner when its interpreter is the runtime's version on the target
 * architecture, else in a Docker image when an engine answers, else nowhere (skipped, with why).
 */
import * as io from '@actions/io'
import { dirname } from 'node:path'
import { DOCKER_PLATFORM, NODE_CPU, PIP_MACHINE, type Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import { execOutput } from '../install/run-command.js'
import { dockerServerVersion } from '../install/container-runner.js'

export type LoadRoute =
  | { kind: 'runner'; interpreter: string; where: string }
  | { kind: 'image'; image: string; platform: string; where: string }
  | { kind: 'skipped'; reason: string }

/** AWS's Lambda base image for a runtime: public.ecr.aws/lambda/python:3.12, .../nodejs:22, .../java:8.al2, .../provided:al2023. */
export function lambdaBaseImage(runtime: LambdaRuntime): string {
  const match = /^(nodejs|python|ruby|java|provided)\.?(.*?)(\.x)?$/.exec(runtime.id)
  const [, language, version] = match ?? ['', runtime.family, runtime.languageVersion]
  return `public.ecr.aws/lambda/${language}:${version}`
}

/** The interpreter's name in the runtime's image and on PATH. */
export function interpreterNames(runtime: LambdaRuntime): string[] {
  switch (runtime.family) {
    case 'nodejs':
      return ['node']
    case 'python':
      return [`python${runtime.languageVersion}`, 'python3']
    case 'ruby':
      return ['ruby']
    default:
      return []
  }
}

const PROBES: Record<string, string[]> = {
  nodejs: ['-p', '[process.versions.node.split(".")[0], process.arch, process.execPath].join(" ")'],
  python: [
    '-I',
    '-c',
    'import platform, sys; print("%d.%d %s %s" % (sys.version_info[0], sys.version_info[1], platform.machine(), sys.executable))'
  ],
  ruby: ['-e', 'print RUBY_VERSION[/\\d+\\.\\d+/], " ", RbConfig::CONFIG["host_cpu"], " ", RbConfig.ruby']
}

function expectedProbe(runtime: LambdaRuntime, architecture: Architecture): string {
  const machine = runtime.family === 'nodejs' ? NODE_CPU[architecture] : PIP_MACHINE[architecture]
  return `${runtime.languageVersion} ${machine}`
}

/** The runner's interpreter for the runtime on the architecture, or what was found instead. */
async function runnerInterpreter(
  runtime: LambdaRuntime,
  architecture: Architecture
): Promise<{ path: string; found?: undefined } | { path?: undefined; found: string }> {
  const seen: string[] = []
  for (const name of interpreterNames(runtime)) {
    const path = await io.which(name, false)
    if (!path) continue
    // The probe names the real executable too: version managers' shims need variables a load does not get.
    const probe = await execOutput(path, PROBES[runtime.family])
    const [version, machine, ...executable] = (probe ?? '').split(' ')
    if (`${version} ${machine}` === expectedProbe(runtime, architecture) && executable.length > 0)
      return { path: executable.join(' ') }
    seen.push(probe ? `${name} ${version} on ${machine}` : `${name} that does not run`)
  }
  return { found: seen.length > 0 ? seen.join(', ') : `no ${interpreterNames(runtime)[0]} on PATH` }
}

function setupHint(runtime: LambdaRuntime): string {
  switch (runtime.family) {
    case 'nodejs':
      return `actions/setup-node with node-version: ${runtime.languageVersion}`
    case 'python':
      return `actions/setup-python with python-version: '${runtime.languageVersion}'`
    default:
      return `ruby/setup-ruby with ruby-version: '${runtime.languageVersion}'`
  }
}

/** Chooses where to load modules for one architecture; probes the runner first, then docker. */
export async function chooseLoadRoute(
  runtime: LambdaRuntime,
  architecture: Architecture,
  verifyImage: string | undefined
): Promise<LoadRoute> {
  const platform = DOCKER_PLATFORM[architecture]
  if (verifyImage === undefined) {
    const local = await runnerInterpreter(runtime, architecture)
    if (local.path) {
      const version = await execOutput(local.path, ['--version'])
      return { kind: 'runner', interpreter: local.path, where: `runner (${version ?? local.path}, ${architecture})` }
    }
    const image = lambdaBaseImage(runtime)
    if ((await dockerServerVersion()) !== undefined)
      return { kind: 'image', image, platform, where: `${image} (${platform})` }
    return {
      kind: 'skipped',
      reason: `the runner has ${local.found}, not ${runtime.id} on ${architecture}, and no Docker engine answers "docker info"; to load the layer, run on an ${architecture} runner with ${setupHint(runtime)}, or give the job Docker (with docker/setup-qemu-action for another architecture) so it loads in ${image}`
    }
  }
  if ((await dockerServerVersion()) !== undefined)
    return { kind: 'image', image: verifyImage, platform, where: `${verifyImage} (${platform})` }
  return {
    kind: 'skipped',
    reason: `verify-image ${verifyImage} needs a Docker engine, but "docker info" failed; run the job on a runner with Docker (ubuntu runners have one), or remove verify-image to load on the runner`
  }
}

/** The folder of an interpreter, put on the load's PATH. */
export function interpreterDir(interpreter: string): string {
  return dirname(interpreter)
}
