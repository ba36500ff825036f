import type { InstallPlan } from '../plan/plan.js'
import type { InstallContext } from './install-context.js'
import { copyPresent } from './source-files.js'

type ProvidedInstallPlan = Extract<InstallPlan, { family: 'provided' }>

/**
 * Copies the source's bin/ (executables, on PATH as /opt/bin), lib/ (shared libraries, on
 * LD_LIBRARY_PATH as /opt/lib) and bootstrap (a custom runtime's entry) as the layer root;
 * nothing else in the source is packed. Packing makes everything under bin/ and bootstrap 0755.
 */
export async function installProvidedFiles(plan: ProvidedInstallPlan, context: InstallContext): Promise<void> {
  await copyPresent(context.sourceDir, context.layerDir, plan.paths)
}
