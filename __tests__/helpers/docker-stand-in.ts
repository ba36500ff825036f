import { chmod, copyFile, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { passThroughNames } from '../../src/install/container-runner.js'

export interface DockerStandIn {
  /** Variables for the action: PATH with the stand-in first, and where it records each invocation. */
  env: { PATH: string; DOCKER_STAND_IN_LOG: string }
  /** The argv of every docker invocation so far. */
  calls(): Promise<string[][]>
}

/** Puts the docker stand-in (docker-cli-stand-in.cjs) first on a copy of PATH. */
export async function dockerStandIn(): Promise<DockerStandIn> {
  const bin = await mkdtemp(join(tmpdir(), 'docker-bin-'))
  await copyFile(resolve('__tests__/helpers/docker-cli-stand-in.cjs'), join(bin, 'docker'))
  await chmod(join(bin, 'docker'), 0o755)
  const log = join(bin, 'calls.jsonl')
  return {
    env: { PATH: [bin, process.env.PATH ?? ''].join(delimiter), DOCKER_STAND_IN_LOG: log },
    calls: async () =>
      (await readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line) as string[])
  }
}

/** Unsets the runner's own package-manager variables, so a test decides exactly which the container gets. */
export function withoutPassThroughVariables(): NodeJS.ProcessEnv {
  return Object.fromEntries(passThroughNames(process.env).map(name => [name, undefined]))
}
