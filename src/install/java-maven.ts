import { join } from 'node:path'
import { BuildError } from './run-command.js'
import type { InstallContext } from './install-context.js'
import { pathExists } from './source-files.js'

/** Pinned so the goal resolves the same everywhere, including mirrors without plugin metadata. */
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.5.0'

/** mvn arguments that copy the pom's runtime-scope dependencies (compile + runtime, transitive) into a folder. */
export function mavenArgs(pomPath: string, outputDir: string): string[] {
  return [
    '--batch-mode',
    '--no-transfer-progress',
    '--file',
    pomPath,
    `${DEPENDENCY_PLUGIN}:copy-dependencies`,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${outputDir}`
  ]
}

/** The project's Maven wrapper when it has one, else mvn from PATH. */
async function mavenCommand(context: InstallContext): Promise<string> {
  const wrapper = join(context.sourceDir, 'mvnw')
  if (await pathExists(wrapper)) return wrapper
  if ((await context.runner.output({ program: 'mvn', args: ['--version'], cwd: context.stagingDir })) === undefined) {
    throw new BuildError(
      'pom.xml found but mvn is not on PATH (and the source has no mvnw); add actions/setup-java with Maven before this step'
    )
  }
  return 'mvn'
}

/**
 * Copies the runtime-scope dependencies of pom.xml into target (<layer>/java/lib). Maven's own
 * configuration applies: MAVEN_OPTS, MAVEN_ARGS (Maven 3.9+), ~/.m2/settings.xml, .mvn/maven.config.
 */
export async function installMavenDependencies(context: InstallContext, target: string): Promise<void> {
  const mvn = await mavenCommand(context)
  await context.runner.run({
    program: mvn,
    args: mavenArgs(join(context.sourceDir, 'pom.xml'), target),
    cwd: context.sourceDir
  })
}
