import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { InstallPlan } from '../plan/plan.js'
import { installPath } from '../model/runtimes.js'
import { BuildError } from './run-command.js'
import type { InstallContext } from './install-context.js'
import { installGradleDependencies } from './java-gradle.js'
import { installMavenDependencies } from './java-maven.js'
import { pathExists } from './source-files.js'

type JavaInstallPlan = Extract<InstallPlan, { family: 'java' }>

/**
 * Puts the build's runtime dependency jars into <layer>/java/lib, on the runtime's classpath.
 * The project's own classes are not included: they belong in the function (see the README).
 */
export async function installJavaDependencies(plan: JavaInstallPlan, context: InstallContext): Promise<void> {
  const target = join(context.layerDir, installPath(context.runtime))
  if (plan.buildTool === 'maven') await installMavenDependencies(context, target)
  else await installGradleDependencies(plan, context, target)
  const jars = (await pathExists(target)) ? (await readdir(target)).filter(name => name.endsWith('.jar')) : []
  if (jars.length === 0)
    throw new BuildError(`${plan.manifest} has no compile or runtime dependencies to put in java/lib`)
}
