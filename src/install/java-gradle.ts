import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { InstallPlan } from '../plan/plan.js'
import { BuildError } from './run-command.js'
import type { InstallContext } from './install-context.js'
import { pathExists } from './source-files.js'

type JavaInstallPlan = Extract<InstallPlan, { family: 'java' }>

export const GRADLE_TASK = 'lambdaLayerRuntimeClasspath'
const OUTPUT_PROPERTY = 'lambdaLayerOutput'

/** An init script adding, to every Java project, a task that copies its runtime classpath's jars. */
export const GRADLE_INIT_SCRIPT = `allprojects { project ->
  project.plugins.withType(JavaPlugin) {
    project.tasks.register('${GRADLE_TASK}', Copy) {
      from project.configurations.runtimeClasspath
      into project.property('${OUTPUT_PROPERTY}')
    }
  }
}
`

export function gradleArgs(initScript: string, projectCacheDir: string, outputDir: string): string[] {
  return [
    '--no-daemon',
    '--console=plain',
    '--init-script',
    initScript,
    '--project-cache-dir',
    projectCacheDir,
    `-P${OUTPUT_PROPERTY}=${outputDir}`,
    GRADLE_TASK
  ]
}

/** The project's Gradle wrapper when it has one, else gradle from PATH. */
async function gradleCommand(plan: JavaInstallPlan, context: InstallContext): Promise<string> {
  const wrapper = join(context.sourceDir, 'gradlew')
  if (await pathExists(wrapper)) return wrapper
  if (
    (await context.runner.output({ program: 'gradle', args: ['--version'], cwd: context.stagingDir })) === undefined
  ) {
    throw new BuildError(
      `${plan.manifest} found but gradle is not on PATH and the source has no gradlew; add gradle/actions/setup-gradle before this step, or build from a pom.xml`
    )
  }
  return 'gradle'
}

/** Copies the runtimeClasspath jars of the Gradle build's Java projects into target (<layer>/java/lib). */
export async function installGradleDependencies(
  plan: JavaInstallPlan,
  context: InstallContext,
  target: string
): Promise<void> {
  const gradle = await gradleCommand(plan, context)
  const initScript = join(context.stagingDir, 'lambda-layer.init.gradle')
  await writeFile(initScript, GRADLE_INIT_SCRIPT)
  await context.runner.run({
    program: gradle,
    args: gradleArgs(initScript, join(context.stagingDir, 'gradle-project-cache'), target),
    cwd: context.sourceDir
  })
}
