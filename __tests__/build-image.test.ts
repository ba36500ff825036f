import { isImageReference, resolveBuildImage, samBuildImage } from '../src/install/build-image.js'
import { dockerRunArgs, passThroughNames, type ContainerOptions } from '../src/install/container-runner.js'
import { findRuntime } from '../src/model/runtimes.js'

describe('build image names', () => {
  it("picks AWS SAM's build image per runtime and architecture", () => {
    expect(samBuildImage(findRuntime('python3.12')!, 'arm64')).toBe('public.ecr.aws/sam/build-python3.12:latest-arm64')
    expect(samBuildImage(findRuntime('nodejs22.x')!, 'x86_64')).toBe(
      'public.ecr.aws/sam/build-nodejs22.x:latest-x86_64'
    )
    expect(samBuildImage(findRuntime('provided.al2023')!, 'arm64')).toBe(
      'public.ecr.aws/sam/build-provided.al2023:latest-arm64'
    )
    expect(resolveBuildImage('sam', findRuntime('java21')!, 'x86_64')).toBe(
      'public.ecr.aws/sam/build-java21:latest-x86_64'
    )
    expect(resolveBuildImage('amazonlinux:2023', findRuntime('java21')!, 'x86_64')).toBe('amazonlinux:2023')
  })

  it.each([
    'amazonlinux:2023',
    'node',
    'public.ecr.aws/sam/build-python3.12:latest-arm64',
    'localhost:5000/team/builder',
    'ghcr.io/my-org/layer-builder:v1.2',
    `registry.example.com/builder@sha256:${'a'.repeat(64)}`,
    'my_org/image__name:tag-1.0'
  ])('accepts %s', value => {
    expect(isImageReference(value)).toBe(true)
  })

  it.each([
    'Amazonlinux:2023',
    'amazonlinux:',
    'image with space',
    'repo/-bad',
    'repo:tag:tag',
    '/absolute',
    'image@sha256:short',
    `a/${'b'.repeat(260)}`
  ])('rejects %s', value => {
    expect(isImageReference(value)).toBe(false)
  })
})

describe('dockerRunArgs', () => {
  const options: ContainerOptions = {
    image: 'public.ecr.aws/sam/build-nodejs22.x:latest-arm64',
    platform: 'linux/arm64',
    cpu: 'arm64',
    user: '1001:127',
    mounts: [
      { path: '/home/runner/work/app/layer', readOnly: true },
      { path: '/home/runner/work/_temp/lambda-layer-x1', readOnly: false }
    ],
    home: '/home/runner/work/_temp/lambda-layer-x1/home',
    passEnv: ['NODE_AUTH_TOKEN', 'npm_config_registry']
  }

  it('runs the command unchanged, with the same paths mounted, as the runner user', () => {
    const command = {
      program: 'yarn',
      args: ['workspaces', 'focus', '--all'],
      cwd: '/home/runner/work/_temp/lambda-layer-x1/staging',
      env: { YARN_NODE_LINKER: 'node-modules' }
    }
    expect(dockerRunArgs(command, options)).toEqual([
      'run',
      '--rm',
      '--platform',
      'linux/arm64',
      '--user',
      '1001:127',
      '--volume',
      '/home/runner/work/app/layer:/home/runner/work/app/layer:ro',
      '--volume',
      '/home/runner/work/_temp/lambda-layer-x1:/home/runner/work/_temp/lambda-layer-x1',
      '--workdir',
      '/home/runner/work/_temp/lambda-layer-x1/staging',
      '--env',
      'HOME=/home/runner/work/_temp/lambda-layer-x1/home',
      '--env',
      'JAVA_TOOL_OPTIONS=-Duser.home=/home/runner/work/_temp/lambda-layer-x1/home',
      '--env',
      'YARN_NODE_LINKER=node-modules',
      '--env',
      'NODE_AUTH_TOKEN',
      '--env',
      'npm_config_registry',
      'public.ecr.aws/sam/build-nodejs22.x:latest-arm64',
      'yarn',
      'workspaces',
      'focus',
      '--all'
    ])
  })

  it('hands over package-manager settings, tokens and proxies by name only', () => {
    const env = {
      PIP_INDEX_URL: 'https://pypi.example/simple',
      NPM_CONFIG_USERCONFIG: '/x',
      npm_config_cache: '/c',
      NODE_AUTH_TOKEN: 't',
      HTTPS_PROXY: 'p',
      no_proxy: 'n',
      YARN_ENABLE_IMMUTABLE_INSTALLS: '1',
      AWS_SECRET_ACCESS_KEY: 's',
      GITHUB_TOKEN: 'g',
      HOME: '/root',
      PATH: '/bin'
    }
    expect(passThroughNames(env)).toEqual([
      'HTTPS_PROXY',
      'NODE_AUTH_TOKEN',
      'NPM_CONFIG_USERCONFIG',
      'PIP_INDEX_URL',
      'YARN_ENABLE_IMMUTABLE_INSTALLS',
      'no_proxy',
      'npm_config_cache'
    ])
  })
})
