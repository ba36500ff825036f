import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Debian's maven-repo packages install a Maven repository layout here. */
export const DEBIAN_MAVEN_REPO = '/usr/share/maven-repo'

/**
 * A Maven user home whose ~/.m2/settings.xml mirrors every repository to Debian's local Maven
 * repository and keeps downloads in a fresh local repository. Point Maven at it with
 * MAVEN_OPTS=-Duser.home=<folder>, as a user would with their own settings.
 */
export async function debianMavenUserHome(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'maven-home-'))
  await mkdir(join(home, '.m2'))
  await writeFile(
    join(home, '.m2', 'settings.xml'),
    `<settings>
  <localRepository>${join(home, '.m2', 'repository')}</localRepository>
  <offline>false</offline>
  <mirrors>
    <mirror><id>debian</id><mirrorOf>*</mirrorOf><url>file://${DEBIAN_MAVEN_REPO}</url></mirror>
  </mirrors>
</settings>
`
  )
  return home
}

/** A pom.xml of packaging pom (nothing to compile) with the given <dependency> elements. */
export function pomWithDependencies(artifactId: string, dependencies: string[]): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>${artifactId}</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <dependencies>
${dependencies.map(dependency => `    ${dependency}`).join('\n')}
  </dependencies>
</project>
`
}

export const COMMONS_LANG3 =
  '<dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>3.12.0</version></dependency>'
