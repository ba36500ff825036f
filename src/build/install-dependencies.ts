import type { InstallPlan } from '../plan.js'
import type { InstallContext } from './install-context.js'
import { installNodePackages } from './node-packages.js'
import { installPythonPackages } from './python-packages.js'

/** Runs the installer of the plan's runtime family. */
export async function installDependencies(plan: InstallPlan, context: InstallContext): Promise<void> {
  switch (plan.family) {
    case 'nodejs':
      return installNodePackages(plan, context)
    case 'python':
      return installPythonPackages(plan, context)
  }
}
