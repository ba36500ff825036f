import type { InstallPlan } from '../plan/plan.js'
import type { InstallContext } from './install-context.js'
import { installJavaDependencies } from './java-dependencies.js'
import { installNodePackages } from './node-packages.js'
import { installProvidedFiles } from './provided-files.js'
import { installPythonPackages } from './python-packages.js'
import { installRubyGems } from './ruby-gems.js'

/** Runs the installer of the plan's runtime family. */
export async function installDependencies(plan: InstallPlan, context: InstallContext): Promise<void> {
  switch (plan.family) {
    case 'nodejs':
      return installNodePackages(plan, context)
    case 'python':
      return installPythonPackages(plan, context)
    case 'ruby':
      return installRubyGems(plan, context)
    case 'java':
      return installJavaDependencies(plan, context)
    case 'provided':
      return installProvidedFiles(plan, context)
  }
}
