import * as core from '@actions/core'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { commandLabel, execOrThrow, execOutput, type Command, type CommandRunner } from './run-command.js'

/** A host folder made visible inside the container at the same path. */
export interface Mount {
  path: string
  readOnly: boolean
}

/** How the install step runs inside a build image. */
export interface ContainerOptions {
  image: string
  /** linux/amd64 or linux/arm64 */
  platform: string
  /** Node.js CPU name of the platform (x64, arm64). */
  cpu: string
  /** uid:gid the command runs as, so the files it writes belong to the runner's user. */
  user: string
  mounts: Mount[]
  /** A writable HOME inside the container (npm and pip keep their caches there). */
  home: string
  /** Names of variables handed to the container with their values from the runner (never put on the command line). */
  passEnv: string[]
}

/** Package-manager settings, registry tokens and proxies the command inside the image sees too. */
const PASS_THROUGH = [
  /^PIP_/,
  /^BUNDLE_/,
  /^GEM_/,
  /^MAVEN_(OPTS|ARGS)$/,
  /^npm_config_/i,
  /^YARN_/,
  /^PNPM_/,
  /^NODE_AUTH_TOKEN$/,
  /^NPM_TOKEN$/,
  /^(HTTPS?|NO)_PROXY$/i
]

/** Names of the runner's variables that the container gets, sorted. */
export function passThroughNames(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter(name => env[name] !== undefined && PASS_THROUGH.some(pattern => pattern.test(name)))
    .sort()
}

/**
 * docker arguments that run the command unchanged inside the image: the same paths are mounted,
 * so every path in the command means the same file on the runner and in the container.
 */
export function dockerRunArgs(command: Command, options: ContainerOptions): string[] {
  return [
    'run',
    '--rm',
    '--platform',
    options.platform,
    '--user',
    options.user,
    ...options.mounts.flatMap(mount => ['--volume', `${mount.path}:${mount.path}${mount.readOnly ? ':ro' : ''}`]),
    '--workdir',
    command.cwd,
    '--env',
    `HOME=${options.home}`,
    // Java takes user.home from the passwd entry, which the runner's uid lacks in most images.
    '--env',
    `JAVA_TOOL_OPTIONS=-Duser.home=${options.home}`,
    ...Object.entries(command.env ?? {}).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    ...options.passEnv.flatMap(name => ['--env', name]),
    options.image,
    command.program,
    ...command.args
  ]
}

/** Runs installer commands with docker run --rm inside the build image. */
export function containerRunner(options: ContainerOptions): CommandRunner {
  const where = `${options.image} (${options.platform})`
  return {
    where,
    cpu: options.cpu,
    run: command =>
      execOrThrow('docker', dockerRunArgs(command, options), {
        cwd: command.cwd,
        label: `${commandLabel(command)} in ${where}`
      }),
    output: command => execOutput('docker', dockerRunArgs(command, options), { cwd: command.cwd })
  }
}

/** The Docker engine's version, or undefined when docker is not on PATH or no engine answers. */
export async function dockerServerVersion(): Promise<string | undefined> {
  return execOutput('docker', ['info', '--format', '{{.ServerVersion}}'])
}

/** The runner user's uid:gid (root when the platform has none). */
export function runnerUser(): string {
  return `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`
}

/** Creates the container's writable HOME inside the workspace (so it is mounted), and returns its path. */
export async function prepareContainerHome(workspaceRoot: string): Promise<string> {
  const home = join(workspaceRoot, 'home')
  await mkdir(home, { recursive: true })
  return home
}

/** Says in the log where the install runs and that the rest stays on this machine. */
export function logContainer(options: ContainerOptions, serverVersion: string): void {
  core.info(
    `Install runs in ${options.image} (${options.platform}, docker ${serverVersion}) as ${options.user}; zip and publish run here.`
  )
}
