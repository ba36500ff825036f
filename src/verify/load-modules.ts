/** Loads each module in its own process, on the runner or in an image, a few at a time. */
import { availableParallelism } from 'node:os'
import type { LambdaRuntime } from '../model/runtimes.js'
import { mapBounded } from '../model/run-bounded.js'
import { dockerLoadArgs, IMAGE_LAYER_ROOT, IMAGE_TASK_ROOT } from './image-load.js'
import { lambdaEnvironment } from './lambda-environment.js'
import type { ModuleCandidate } from './layer-modules.js'
import { loaderCommand, NOTHING_TO_LOAD } from './loaders.js'
import { interpreterDir, interpreterNames, type LoadRoute } from './load-route.js'
import { runProcess, type ProcessResult, type ProcessSpec } from './run-load.js'
import type { ModuleLoad } from './verify-result.js'

/** A load that takes longer than this is stuck (an import that waits on the network or a lock). */
export const LOAD_TIMEOUT_MS = 60_000
/** The first load in an image includes pulling the image. */
const FIRST_IMAGE_LOAD_TIMEOUT_MS = 600_000
const IMAGE_CONCURRENCY = 2

export interface LoadPlace {
  runtime: LambdaRuntime
  /** The extracted layer and an empty function folder, on the runner. */
  layerDir: string
  taskDir: string
  /** Distinguishes this run's containers. */
  runId: string
  /** AWS_REGION of the loads: the first region the layer is published to. */
  region: string
  timeoutMs?: number
}

function runnerSpec(route: Extract<LoadRoute, { kind: 'runner' }>, place: LoadPlace, module: string): ProcessSpec {
  const roots = {
    layer: place.layerDir,
    task: place.taskDir,
    image: false,
    interpreterDir: interpreterDir(route.interpreter),
    region: place.region
  }
  const command = loaderCommand(place.runtime, route.interpreter, module, true)
  if (!command) throw new Error(`${place.runtime.id} has no loader`)
  return {
    ...command,
    cwd: place.taskDir,
    env: lambdaEnvironment(place.runtime, roots),
    timeoutMs: place.timeoutMs ?? LOAD_TIMEOUT_MS
  }
}

function imageSpec(
  route: Extract<LoadRoute, { kind: 'image' }>,
  place: LoadPlace,
  module: string,
  index: number,
  timeoutMs: number
): ProcessSpec {
  const roots = { layer: IMAGE_LAYER_ROOT, task: IMAGE_TASK_ROOT, image: true, region: place.region }
  const interpreter = interpreterNames(place.runtime).at(-1) ?? 'sh'
  const command = loaderCommand(place.runtime, interpreter, module, false)
  if (!command) throw new Error(`${place.runtime.id} has no loader`)
  const name = `lambda-layer-verify-${place.runId}-${route.platform.split('/').at(-1)}-${index}`
  const load = {
    image: route.image,
    platform: route.platform,
    layerDir: place.layerDir,
    taskDir: place.taskDir,
    name,
    env: lambdaEnvironment(place.runtime, roots)
  }
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined)
  )
  return {
    program: 'docker',
    args: dockerLoadArgs(load, command),
    cwd: place.taskDir,
    env,
    timeoutMs,
    onTimeout: async () => {
      await runProcess({ program: 'docker', args: ['rm', '--force', name], cwd: place.taskDir, env, timeoutMs: 30_000 })
    }
  }
}

async function loadOne(
  spec: ProcessSpec,
  candidate: ModuleCandidate,
  where: string,
  runtime: LambdaRuntime
): Promise<ModuleLoad> {
  const result = await runProcess(spec)
  const base = { module: candidate.name, where }
  const stray = candidate.strayFolder
    ? `found only in ${candidate.strayFolder}, which ${runtime.id} does not load from`
    : undefined
  if (result.timedOut)
    return {
      ...base,
      outcome: 'timed out',
      detail: [result.tail, `did not finish loading within ${spec.timeoutMs / 1000}s`].filter(Boolean).join('\n')
    }
  if (result.exitCode === NOTHING_TO_LOAD && !stray)
    return { ...base, outcome: 'nothing to load', detail: result.output.trim() }
  if (result.exitCode === 0 && !stray) return { ...base, outcome: 'loaded' }
  if (result.exitCode === 0)
    return { ...base, outcome: 'failed', detail: `${stray}; it loads only because the runtime has another copy` }
  return {
    ...base,
    outcome: 'failed',
    detail: [result.tail || `exit code ${result.exitCode}`, stray ?? dockerFailure(spec, result)]
      .filter(Boolean)
      .join('\n')
  }
}

/** The last line of a load that failed because the engine cannot run the image's platform. */
export const PLATFORM_NOT_RUNNABLE = 'the Docker engine cannot run this platform (no emulator): nothing was loaded'

/** docker's own exit codes: the container did not start (125) or the loader is not in the image (126, 127). */
function dockerFailure(spec: ProcessSpec, result: ProcessResult): string | undefined {
  if (spec.program !== 'docker') return undefined
  const { exitCode } = result
  const entrypoint = spec.args[spec.args.indexOf('--entrypoint') + 1]
  // The engine's own message when the image's binaries are for a CPU it cannot emulate.
  if (/exec format error/.test(result.tail) && !/Exec format error|ENOEXEC/.test(result.tail))
    return PLATFORM_NOT_RUNNABLE
  if (exitCode === 125) return 'docker could not start the image (see above); nothing was loaded'
  if (exitCode === 126 || exitCode === 127) return `the image has no ${entrypoint} to load modules with`
  return undefined
}

/** Loads every module through the route; results in the order of the modules. */
export async function loadModules(
  modules: ModuleCandidate[],
  route: LoadRoute,
  place: LoadPlace
): Promise<ModuleLoad[]> {
  if (route.kind === 'skipped' || modules.length === 0) return []
  if (route.kind === 'runner') {
    const limit = Math.min(4, availableParallelism())
    return mapBounded(modules, limit, candidate =>
      loadOne(runnerSpec(route, place, candidate.name), candidate, route.where, place.runtime)
    )
  }
  const timeoutMs = place.timeoutMs ?? LOAD_TIMEOUT_MS
  const first = await loadOne(
    imageSpec(route, place, modules[0].name, 0, FIRST_IMAGE_LOAD_TIMEOUT_MS),
    modules[0],
    route.where,
    place.runtime
  )
  if (first.detail?.endsWith(PLATFORM_NOT_RUNNABLE)) return [first]
  const rest = await mapBounded(modules.slice(1), IMAGE_CONCURRENCY, candidate =>
    loadOne(
      imageSpec(route, place, candidate.name, modules.indexOf(candidate), timeoutMs),
      candidate,
      route.where,
      place.runtime
    )
  )
  return [first, ...rest]
}
