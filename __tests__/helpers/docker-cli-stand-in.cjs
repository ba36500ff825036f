#!/usr/bin/env node
// A stand-in for the docker CLI, for tests on machines without a Docker engine. Copied onto PATH as
// "docker". It records its argv (one JSON array per line) in DOCKER_STAND_IN_LOG and:
//   docker info ...  prints an engine version, or fails like a stopped engine when
//                    DOCKER_STAND_IN_ENGINE=down;
//   docker run ...   runs the command on this machine, the way the container would: the working
//                    directory and every absolute path argument must lie inside a --volume (mapped
//                    from the container path to the host path), and the command sees only the
//                    variables given with --env plus a base environment (PATH and TLS trust), as
//                    an image would. Path lists in --env values (NODE_PATH=/opt/a:/opt/b) are
//                    mapped the same way where they lie inside a volume. --entrypoint replaces the
//                    command's program (the arguments after the image are its arguments);
//                    With DOCKER_STAND_IN_PLATFORMS=linux/amd64, a run for another --platform fails
//                    as on an engine without QEMU: "exec format error";
//   docker rm ...    succeeds (containers here are processes, gone when they end).
'use strict'
const { appendFileSync } = require('node:fs')
const { spawnSync } = require('node:child_process')
const { dirname } = require('node:path')

const argv = process.argv.slice(2)
if (process.env.DOCKER_STAND_IN_LOG) appendFileSync(process.env.DOCKER_STAND_IN_LOG, `${JSON.stringify(argv)}\n`)

function fail(code, message) {
  process.stderr.write(`docker: ${message}\n`)
  process.exit(code)
}

if (argv[0] === 'info') {
  if (process.env.DOCKER_STAND_IN_ENGINE === 'down') {
    fail(1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?')
  }
  process.stdout.write('27.3.1\n')
  process.exit(0)
}
if (argv[0] === 'rm') process.exit(0)
if (argv[0] !== 'run') fail(125, `the stand-in does not implement "${argv[0]}"`)

const mounts = []
const env = {}
let workdir = '/'
let index = 1
let entrypoint
const WITH_VALUE = new Set(['--platform', '--user', '--volume', '--workdir', '--env', '--name', '--entrypoint'])
while (index < argv.length && argv[index].startsWith('-')) {
  const flag = argv[index]
  if (flag === '--rm') {
    index += 1
    continue
  }
  if (!WITH_VALUE.has(flag)) fail(125, `unknown flag: ${flag}`)
  const value = argv[index + 1]
  if (value === undefined) fail(125, `flag needs an argument: ${flag}`)
  if (flag === '--volume') {
    const [host, container, mode] = value.split(':')
    if (!host.startsWith('/') || !container.startsWith('/') || (mode !== undefined && mode !== 'ro'))
      fail(125, `invalid volume ${value}`)
    mounts.push({ host, container })
  }
  if (flag === '--workdir') workdir = value
  if (flag === '--entrypoint') entrypoint = value
  if (flag === '--env') {
    const at = value.indexOf('=')
    if (at >= 0) env[value.slice(0, at)] = value.slice(at + 1)
    else if (process.env[value] !== undefined) env[value] = process.env[value]
  }
  index += 2
}
const platform = argv[argv.indexOf('--platform') + 1]
const runnable = process.env.DOCKER_STAND_IN_PLATFORMS?.split(',')
if (argv.includes('--platform') && runnable && !runnable.includes(platform)) {
  process.stderr.write('exec /usr/bin/program: exec format error\n')
  process.exit(255)
}
const [image, ...command] = argv.slice(index)
const [program, ...args] = entrypoint === undefined ? command : [entrypoint, ...command]
if (!image || !program) fail(125, '"docker run" requires an image and a command')

/** The host path of a container path, or undefined when no volume holds it. */
function hostPath(path) {
  const mount = mounts
    .filter(candidate => path === candidate.container || path.startsWith(`${candidate.container}/`))
    .sort((a, b) => b.container.length - a.container.length)[0]
  return mount && mount.host + path.slice(mount.container.length)
}

// Variables holding container paths (one, or a list) name the mounted host folders here.
for (const [name, value] of Object.entries(env)) {
  if (value.startsWith('/'))
    env[name] = value
      .split(':')
      .map(path => (path.startsWith('/') && hostPath(path)) || path)
      .join(':')
}

const cwd = hostPath(workdir)
if (cwd === undefined) fail(126, `working directory ${workdir} is not inside any volume`)
const hostArgs = args.map(arg => {
  if (!arg.startsWith('/')) return arg
  const mapped = hostPath(arg)
  if (mapped === undefined) fail(126, `${arg} does not exist in the container: it is not inside any volume`)
  return mapped
})

// The image's own environment: a PATH (here: this machine's, without the stand-in) and TLS trust.
const standInDir = dirname(process.argv[1])
const base = {
  PATH: (process.env.PATH || '')
    .split(':')
    .filter(dir => dir !== standInDir)
    .join(':')
}
for (const name of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']) {
  if (process.env[name] !== undefined) base[name] = process.env[name]
}
const result = spawnSync(program, hostArgs, { cwd, env: { ...base, ...env }, stdio: 'inherit' })
if (result.error) fail(127, `exec: "${program}": ${result.error.message}`)
process.exit(result.status === null ? 1 : result.status)
