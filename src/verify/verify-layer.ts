/**
 * The verify stage: extracts the produced zip into scratch folders and proves the layer loads the
 * way Lambda would load it, one module per fresh process; nothing is published when one fails.
 */
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import type { Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import type { BuildPlan } from '../plan/plan.js'
import { chooseModules } from './choose-modules.js'
import { extractLayer } from './extract-layer.js'
import { chooseLoadRoute } from './load-route.js'
import { loadModules, PLATFORM_NOT_RUNNABLE } from './load-modules.js'
import { staticChecks } from './static-checks.js'
import { isFailure, verdict, type ModuleLoad, type VerifyReport, type VerifySelection } from './verify-result.js'

/** What the verify stage needs to know of the inputs. */
export interface VerifyOptions {
  runtime: LambdaRuntime
  architectures: Architecture[]
  verify: VerifySelection
  /** Image to load in with docker instead of the runner or the Lambda base image. */
  verifyImage?: string
  /** The region loads see as AWS_REGION: the first the layer is published to. */
  region: string
}

function logLoad(load: ModuleLoad): void {
  if (isFailure(load)) core.error(`verify: ${load.module} ${load.outcome} in ${load.where}:\n${load.detail ?? ''}`)
  else core.info(`${load.module}: ${load.outcome} (${load.where})${load.detail ? `: ${load.detail}` : ''}`)
}

async function moduleLoads(
  options: VerifyOptions,
  plan: BuildPlan,
  folders: { layerDir: string; taskDir: string },
  entryNames: string[],
  notes: string[]
): Promise<ModuleLoad[]> {
  const { runtime } = options
  if (runtime.family === 'java' || runtime.family === 'provided') {
    notes.push(`${runtime.id}: jars, bootstrap and bin/ checked without running a JVM or the bootstrap`)
    if (options.verify.mode === 'modules')
      notes.push(`verify names modules, but ${runtime.id} layers are not loaded: nothing runs them here`)
    return []
  }
  const choice =
    options.verify.mode === 'modules'
      ? { modules: options.verify.modules.map(name => ({ name })), basis: 'the verify input' }
      : await chooseModules(plan, entryNames, folders.layerDir, runtime)
  core.info(`Modules to load (${choice.basis}): ${choice.modules.map(module => module.name).join(', ') || 'none'}`)
  if (choice.modules.length === 0) return []
  const loads: ModuleLoad[] = []
  const runId = randomBytes(4).toString('hex')
  for (const architecture of options.architectures) {
    const route = await chooseLoadRoute(runtime, architecture, options.verifyImage)
    if (route.kind === 'skipped') {
      notes.push(`Not loaded on ${architecture}: ${route.reason}.`)
      continue
    }
    core.info(`Loading ${choice.modules.length} module(s) in ${route.where}`)
    const loaded = await loadModules(choice.modules, route, { runtime, ...folders, runId, region: options.region })
    if (route.kind === 'image' && loaded[0]?.detail?.endsWith(PLATFORM_NOT_RUNNABLE)) {
      notes.push(
        `Not loaded on ${architecture}: ${route.platform} images do not run here ("exec format error": the Docker engine has no emulator for ${architecture}); add docker/setup-qemu-action before this step, or run on an ${architecture} runner (ubuntu-24.04-arm for arm64).`
      )
      continue
    }
    loads.push(...loaded)
  }
  return loads
}

/** Verifies the zip; `scratch` is a folder the stage may fill (the workspace). */
export async function verifyLayer(
  zipPath: string,
  plan: BuildPlan,
  options: VerifyOptions,
  scratch: string
): Promise<VerifyReport> {
  if (options.verify.mode === 'off') return { verified: 'skipped', loads: [], notes: ['verify is off'] }
  const root = await mkdtemp(join(scratch, 'verify-'))
  const layerDir = join(root, 'opt')
  const taskDir = join(root, 'task')
  await mkdir(taskDir)
  const entryNames = await extractLayer(zipPath, layerDir)
  const notes: string[] = []
  const loads = [
    ...(await moduleLoads(options, plan, { layerDir, taskDir }, entryNames, notes)),
    ...(await staticChecks(layerDir, entryNames, options.runtime, options.architectures))
  ]
  for (const load of loads) logLoad(load)
  for (const note of notes) core.notice(note)
  return { verified: verdict(loads), loads, notes }
}

/** The step's failure when a module did not load: names each module and its last error line. */
export function verifyProblem(report: VerifyReport, runtime: LambdaRuntime): string | undefined {
  const failed = report.loads.filter(isFailure)
  if (failed.length === 0) return undefined
  const shown = failed
    .slice(0, 5)
    .map(load => `${load.module} (${(load.detail ?? load.outcome).split('\n').at(-1)})`)
    .join('; ')
  const more = failed.length > 5 ? ` and ${failed.length - 5} more (listed in the log)` : ''
  return `${failed.length} module(s) did not load on ${runtime.id}: ${shown}${more}`
}
