/** docker run arguments that load one module inside an image, with the layer where Lambda puts it. */
import type { LoaderCommand } from './loaders.js'

export interface ImageLoad {
  image: string
  platform: string
  /** Host folder holding the extracted layer, mounted read-only at /opt. */
  layerDir: string
  /** Host folder (empty) mounted read-only at /var/task, the working folder as on Lambda. */
  taskDir: string
  /** The container's name, so a load that times out can be removed. */
  name: string
  env: Record<string, string>
}

export const IMAGE_LAYER_ROOT = '/opt'
export const IMAGE_TASK_ROOT = '/var/task'

/**
 * docker run --rm with the layer at /opt and an empty /var/task, both read-only; the loader is the
 * entrypoint, since Lambda images start the runtime interface emulator by default.
 */
export function dockerLoadArgs(load: ImageLoad, command: LoaderCommand): string[] {
  return [
    'run',
    '--rm',
    '--name',
    load.name,
    '--platform',
    load.platform,
    '--volume',
    `${load.layerDir}:${IMAGE_LAYER_ROOT}:ro`,
    '--volume',
    `${load.taskDir}:${IMAGE_TASK_ROOT}:ro`,
    '--workdir',
    IMAGE_TASK_ROOT,
    ...Object.entries(load.env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    '--entrypoint',
    command.program,
    load.image,
    ...command.args
  ]
}
