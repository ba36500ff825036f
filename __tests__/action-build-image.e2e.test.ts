import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { useLoopbackServer } from './helpers/loopback.js'
import { errorLines, runAction } from './helpers/run-action.js'
import { dockerStandIn, withoutPassThroughVariables } from './helpers/docker-stand-in.js'
import { wheelhouse } from './helpers/wheels.js'
import { zipEntryNames } from './helpers/zip-contents.js'
import { COMMONS_LANG3, debianMavenUserHome, pomWithDependencies } from './helpers/maven.js'

const NODE_FIXTURE = resolve('__tests__/fixtures/node-layer')
const USER = `${process.getuid!()}:${process.getgid!()}`

const server = useLoopbackServer()

async function pythonSource(): Promise<string> {
  const source = await mkdtemp(join(tmpdir(), 'python-source-'))
  await writeFile(join(source, 'requirements.txt'), 'native-demo==2.0.0\n')
  return source
}

describe('build-image', () => {
  it('runs only pip install in the SAM build image for arm64, then zips and publishes on the runner', async () => {
    const docker = await dockerStandIn()
    const wheels = await wheelhouse()
    const source = await pythonSource()
    const run = await runAction(
      {
        'layer-name': 'py-image',
        runtime: 'python3.12',
        architectures: 'arm64',
        regions: 'us-west-2',
        source,
        'build-image': 'sam',
        // native-demo's .so is a few bytes of text that no Python can import, here or in an image.
        verify: 'off'
      },
      {
        endpoint: server.url,
        env: { ...withoutPassThroughVariables(), ...docker.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels }
      }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)

    const workspace = dirname(run.outputs['archive-path'])
    const image = 'public.ecr.aws/sam/build-python3.12:latest-arm64'
    const dockerRun = (cwd: string, command: string[]) => [
      'run',
      '--rm',
      '--platform',
      'linux/arm64',
      '--user',
      USER,
      '--volume',
      `${source}:${source}:ro`,
      '--volume',
      `${workspace}:${workspace}`,
      '--workdir',
      cwd,
      '--env',
      `HOME=${workspace}/home`,
      '--env',
      `JAVA_TOOL_OPTIONS=-Duser.home=${workspace}/home`,
      '--env',
      'PIP_FIND_LINKS',
      '--env',
      'PIP_NO_INDEX',
      image,
      ...command
    ]
    const sitePackages = 'python/lib/python3.12/site-packages'
    expect(await docker.calls()).toEqual([
      ['info', '--format', '{{.ServerVersion}}'],
      dockerRun(`${workspace}/staging`, ['python3', '-m', 'pip', '--version']),
      dockerRun(`${workspace}/staging`, ['python3', `${workspace}/staging/lambda_layer_pip.py`, 'about', '{}']),
      dockerRun(source, [
        'python3',
        `${workspace}/staging/lambda_layer_pip.py`,
        'pip',
        JSON.stringify({
          implementation_name: 'cpython',
          implementation_version: '3.12.0',
          os_name: 'posix',
          platform_machine: 'aarch64',
          platform_python_implementation: 'CPython',
          platform_release: '',
          platform_system: 'Linux',
          platform_version: '',
          python_full_version: '3.12.0',
          python_version: '3.12',
          sys_platform: 'linux'
        }),
        'install',
        '--implementation',
        'cp',
        '--python-version',
        '3.12',
        '--abi',
        'cp312',
        '--only-binary=:all:',
        // Every manylinux tag glibc 2.34 loads on aarch64, newest first, then the legacy alias of 2_17.
        ...Array.from({ length: 18 }, (_, index) => ['--platform', `manylinux_2_${34 - index}_aarch64`]).flat(),
        '--platform',
        'manylinux2014_aarch64',
        '--log',
        `${workspace}/staging/pip-install-1.log`,
        '--target',
        `${workspace}/layer/${sitePackages}`,
        '--no-compile',
        '--disable-pip-version-check',
        '--no-input',
        '--requirement',
        `${workspace}/staging/requirements-for-layer.txt`
      ])
    ])

    const entries = zipEntryNames(run.outputs['archive-path'])
    expect(entries).toContain(`${sitePackages}/native_demo/_native.cpython-312-aarch64-linux-gnu.so`)
    expect(entries).toContain(`${sitePackages}/demo_pure/__init__.py`)
    expect(entries.filter(name => name.includes('x86_64'))).toEqual([])
    const installed = await stat(join(workspace, 'layer', sitePackages, 'native_demo'))
    expect(`${installed.uid}:${installed.gid}`).toBe(USER)
    expect(server.layerVersions('us-west-2', 'py-image')[0]).toMatchObject({
      compatibleRuntimes: ['python3.12'],
      compatibleArchitectures: ['arm64']
    })
    expect(await readdir(source)).toEqual(['requirements.txt'])
    expect(run.stdout).toContain(
      `Install runs in ${image} (linux/arm64, docker 27.3.1) as ${USER}; zip and publish run here.`
    )
    expect(run.summary).toContain(`dependencies installed in ${image} with docker`)

    const prettyName = /^PRETTY_NAME="(.*)"$/m.exec(await readFile('/etc/os-release', 'utf8'))![1]
    const container = existsSync('/.dockerenv') ? ' in a container (/.dockerenv)' : ''
    expect(run.stdout).toContain(`Build environment: ${prettyName}${container}, glibc `)
    expect(run.summary).toContain(`<p>Built on ${prettyName}${container}, glibc `)
  })

  it('runs the same npm command in any image given by name, for x86_64', async () => {
    const docker = await dockerStandIn()
    const run = await runAction(
      {
        'layer-name': 'node-image',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: NODE_FIXTURE,
        'build-image': 'node:22-bookworm',
        publish: 'false',
        // This test pins the install's docker calls; verify's own are pinned in action-verify.
        verify: 'off'
      },
      { env: { ...withoutPassThroughVariables(), ...docker.env } }
    )
    expect(errorLines(run)).toEqual([])
    expect(run.exitCode).toBe(0)
    const workspace = dirname(run.outputs['archive-path'])
    const prefix = [
      'run',
      '--rm',
      '--platform',
      'linux/amd64',
      '--user',
      USER,
      '--volume',
      `${NODE_FIXTURE}:${NODE_FIXTURE}:ro`,
      '--volume',
      `${workspace}:${workspace}`,
      '--workdir',
      // The project is staged at its own path under staging/tree, so relative file: paths still resolve.
      `${workspace}/staging/tree${NODE_FIXTURE}`,
      '--env',
      `HOME=${workspace}/home`,
      '--env',
      `JAVA_TOOL_OPTIONS=-Duser.home=${workspace}/home`,
      'node:22-bookworm'
    ]
    expect((await docker.calls()).slice(1)).toEqual([
      [...prefix, 'npm', '--version'],
      [...prefix, 'npm', 'ci', '--omit=dev', '--os=linux', '--libc=glibc', '--no-audit', '--no-fund', '--cpu=x64']
    ])
    const entries = zipEntryNames(run.outputs['archive-path'])
    expect(entries).toContain('nodejs/node_modules/ms/index.js')
    expect(entries.some(name => name.includes('is-number'))).toBe(false)
  })

  it('runs Maven in the image with user.home in the writable HOME, passing MAVEN_OPTS by name', async () => {
    const docker = await dockerStandIn()
    const userHome = await debianMavenUserHome()
    const source = await mkdtemp(join(tmpdir(), 'maven-image-source-'))
    await writeFile(join(source, 'pom.xml'), pomWithDependencies('image-deps', [COMMONS_LANG3]))
    const run = await runAction(
      {
        'layer-name': 'java-image',
        runtime: 'java21',
        regions: 'eu-west-1',
        source,
        'build-image': 'maven:3-eclipse-temurin-21',
        publish: 'false'
      },
      {
        endpoint: server.url,
        env: { ...withoutPassThroughVariables(), ...docker.env, MAVEN_OPTS: `-Duser.home=${userHome}` }
      }
    )
    expect(errorLines(run)).toEqual([])
    expect(zipEntryNames(run.outputs['archive-path'])).toEqual([
      'java/',
      'java/lib/',
      'java/lib/commons-lang3-3.12.0.jar'
    ])
    const workspace = dirname(run.outputs['archive-path'])
    const mavenRun = (await docker.calls()).find(call => call.includes('mvn') && !call.includes('--version'))
    expect(mavenRun?.slice(0, 19)).toEqual([
      'run',
      '--rm',
      '--platform',
      'linux/amd64',
      '--user',
      USER,
      '--volume',
      `${source}:${source}:ro`,
      '--volume',
      `${workspace}:${workspace}`,
      '--workdir',
      source,
      '--env',
      `HOME=${workspace}/home`,
      '--env',
      `JAVA_TOOL_OPTIONS=-Duser.home=${workspace}/home`,
      '--env',
      'MAVEN_OPTS',
      'maven:3-eclipse-temurin-21'
    ])
    expect(await readdir(source)).toEqual(['pom.xml'])
  })

  it('names the command and the image when the install fails inside it', async () => {
    const docker = await dockerStandIn()
    const wheels = await wheelhouse()
    const source = await mkdtemp(join(tmpdir(), 'python-source-'))
    await writeFile(join(source, 'requirements.txt'), 'not-in-the-wheelhouse==1.0\n')
    const run = await runAction(
      { 'layer-name': 'py-missing', runtime: 'python3.12', regions: 'us-west-2', source, 'build-image': 'sam' },
      {
        endpoint: server.url,
        env: { ...withoutPassThroughVariables(), ...docker.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels }
      }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      'pip found no distribution of not-in-the-wheelhouse==1.0 for Python 3.12 (cp312, abi3 or none), platforms manylinux_2_34_x86_64 … manylinux1_x86_64 (33 tags) or any, binary wheels only (--only-binary=:all:); pip ran in public.ecr.aws/sam/build-python3.12:latest-x86_64 (linux/amd64)'
    ])
    expect(server.layerVersions('us-west-2', 'py-missing')).toEqual([])
  })

  it('fails before any install, naming build-image and the native route, when docker is not on PATH', async () => {
    const emptyPath = await mkdtemp(join(tmpdir(), 'no-docker-'))
    const run = await runAction(
      {
        'layer-name': 'no-docker',
        runtime: 'python3.12',
        architectures: 'arm64',
        regions: 'us-west-2',
        source: await pythonSource(),
        'build-image': 'sam'
      },
      { endpoint: server.url, env: { PATH: emptyPath } }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      'Input "build-image": public.ecr.aws/sam/build-python3.12:latest-arm64 needs docker, which is not on PATH; remove build-image to install natively on the runner (npm --cpu / pip --platform pick the target\'s binaries), or run the job in a container: amazonlinux:2023.'
    ])
    expect(run.stdout).not.toContain('Install python dependencies')
    expect(server.layerVersions('us-west-2', 'no-docker')).toEqual([])
  })

  it('fails before any install when docker info fails', async () => {
    const docker = await dockerStandIn()
    const run = await runAction(
      {
        'layer-name': 'engine-down',
        runtime: 'nodejs22.x',
        regions: 'eu-west-1',
        source: NODE_FIXTURE,
        'build-image': 'sam',
        publish: 'false'
      },
      { env: { ...docker.env, DOCKER_STAND_IN_ENGINE: 'down' } }
    )
    expect(run.exitCode).toBe(1)
    expect(errorLines(run)).toEqual([
      'Input "build-image": public.ecr.aws/sam/build-nodejs22.x:latest-x86_64 needs a Docker engine, but "docker info" failed; remove build-image to install natively on the runner (npm --cpu / pip --platform pick the target\'s binaries), or run the job in a container: amazonlinux:2023.'
    ])
    expect(await docker.calls()).toEqual([['info', '--format', '{{.ServerVersion}}']])
  })
})
