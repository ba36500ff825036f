import { which } from '@actions/io'
import { Input } from '../model/action-io.js'
import {
  containerRunner,
  dockerServerVersion,
  logContainer,
  passThroughNames,
  prepareContainerHome,
  runnerUser
} from './container-runner.js'
import { nativeRunner, type CommandRunner } from './run-command.js'
import { InputError } from '../model/errors.js'
import { DOCKER_PLATFORM, NODE_CPU, type Architecture } from '../model/architecture.js'

const NATIVE_ROUTE =
  "remove build-image to install natively on the runner (npm --cpu / pip --platform pick the target's binaries), or run the job in a container: amazonlinux:2023"

/**
 * The runner for the install step: this machine, or the build image through docker when
 * build-image is set. Checks docker before anything is installed.
 */
/** Where the install step runs: on the runner, or in build-image for one architecture. */
export interface RunnerOptions {
  architectures: Architecture[]
  buildImage?: string
}

export async function chooseRunner(
  inputs: RunnerOptions,
  sourceDir: string,
  workspaceRoot: string,
  env: NodeJS.ProcessEnv
): Promise<CommandRunner> {
  const image = inputs.buildImage
  if (image === undefined) return nativeRunner
  if (!(await which('docker'))) {
    throw new InputError(Input.BuildImage, `${image} needs docker, which is not on PATH; ${NATIVE_ROUTE}.`)
  }
  const serverVersion = await dockerServerVersion()
  if (serverVersion === undefined) {
    throw new InputError(Input.BuildImage, `${image} needs a Docker engine, but "docker info" failed; ${NATIVE_ROUTE}.`)
  }
  const architecture = inputs.architectures[0]
  const options = {
    image,
    platform: DOCKER_PLATFORM[architecture],
    cpu: NODE_CPU[architecture],
    user: runnerUser(),
    mounts: [
      { path: sourceDir, readOnly: true },
      { path: workspaceRoot, readOnly: false }
    ],
    home: await prepareContainerHome(workspaceRoot),
    passEnv: passThroughNames(env)
  }
  logContainer(options, serverVersion)
  return containerRunner(options)
}
