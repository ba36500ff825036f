import type { LambdaRuntime } from '../model/runtimes.js'
import type { CommandRunner } from './run-command.js'
import type { Architecture } from '../model/architecture.js'

/** Everything an installer needs: where to read the manifest, where to scratch, where the layer goes. */
export interface InstallContext {
  sourceDir: string
  /** The layer root: its content lands in /opt. */
  layerDir: string
  /** A fresh folder for the installer's own scratch work, never packed. */
  stagingDir: string
  runtime: LambdaRuntime
  architectures: Architecture[]
  /** Runs the package manager: natively, or inside the build image. */
  runner: CommandRunner
}

/** The single target architecture, or undefined when the layer is published for both. */
export function singleArchitecture(context: InstallContext): Architecture | undefined {
  return context.architectures.length === 1 ? context.architectures[0] : undefined
}
