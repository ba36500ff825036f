import { amazonLinuxRelease, describeOsRelease, parseOsRelease } from '../src/install/os-release.js'
import { containerHint } from '../src/install/container-hints.js'
import { describeBuildEnvironment, environmentNote } from '../src/install/build-environment.js'
import { findRuntime } from '../src/model/runtimes.js'

// /etc/os-release as the distributions ship it.
const UBUNTU_24_04 = `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`
const AMAZON_LINUX_2 = `NAME="Amazon Linux"
VERSION="2"
ID="amzn"
ID_LIKE="centos rhel fedora"
VERSION_ID="2"
PRETTY_NAME="Amazon Linux 2"
ANSI_COLOR="0;33"
CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2"
HOME_URL="https://amazonlinux.com/"
SUPPORT_END="2026-06-30"
`
const AMAZON_LINUX_2023 = `NAME="Amazon Linux"
VERSION="2023"
ID="amzn"
ID_LIKE="fedora"
VERSION_ID="2023"
PLATFORM_ID="platform:al2023"
PRETTY_NAME="Amazon Linux 2023.6.20250218"
ANSI_COLOR="0;33"
CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"
HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"
DOCUMENTATION_URL="https://docs.aws.amazon.com/linux/"
SUPPORT_URL="https://aws.amazon.com/premiumsupport/"
BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"
VENDOR_NAME="AWS"
VENDOR_URL="https://aws.amazon.com/"
SUPPORT_END="2029-06-30"
`
const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`

describe('os-release', () => {
  it.each([
    ['Ubuntu 24.04', UBUNTU_24_04, { id: 'ubuntu', versionId: '24.04', prettyName: 'Ubuntu 24.04.1 LTS' }, undefined],
    ['Amazon Linux 2', AMAZON_LINUX_2, { id: 'amzn', versionId: '2', prettyName: 'Amazon Linux 2' }, 'AL2'],
    [
      'Amazon Linux 2023',
      AMAZON_LINUX_2023,
      { id: 'amzn', versionId: '2023', prettyName: 'Amazon Linux 2023.6.20250218' },
      'AL2023'
    ],
    ['Debian 12', DEBIAN_12, { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' }, undefined]
  ])('reads %s', (_name, text, expected, release) => {
    const os = describeOsRelease(text)
    expect(os).toEqual(expected)
    expect(amazonLinuxRelease(os)).toBe(release)
  })

  it('unquotes values, undoes shell escapes, and skips comments and other lines', () => {
    const fields = parseOsRelease(
      '# comment\nNAME=\'Single quoted\'\nVERSION="a \\"b\\" \\$c"\n\nAmazon Linux release 2 (Karoo)\nID=plain\r\n'
    )
    expect(fields).toEqual({ NAME: 'Single quoted', VERSION: 'a "b" $c', ID: 'plain' })
  })

  it('falls back to NAME and VERSION without PRETTY_NAME, and to "linux" without ID', () => {
    expect(describeOsRelease('NAME="Some Linux"\nVERSION="7 (Seven)"\n')).toEqual({
      id: 'linux',
      versionId: '',
      prettyName: 'Some Linux 7 (Seven)'
    })
  })
})

describe('containerHint', () => {
  const none = { dockerenv: false, containerenv: false, cgroup: '' }

  it('names the first trace found', () => {
    expect(containerHint({ ...none, dockerenv: true })).toBe('/.dockerenv')
    expect(containerHint({ ...none, containerenv: true })).toBe('/run/.containerenv')
    expect(containerHint({ ...none, cgroup: '12:pids:/actions_job/4f5e1c\n11:memory:/actions_job/4f5e1c\n' })).toBe(
      '/proc/1/cgroup (actions_job)'
    )
    expect(containerHint({ ...none, cgroup: '1:name=systemd:/docker/0123abcd\n' })).toBe('/proc/1/cgroup (docker)')
    expect(containerHint({ ...none, cgroup: '0::/kubepods/besteffort/pod12/abc\n' })).toBe('/proc/1/cgroup (kubepods)')
    expect(containerHint({ ...none, containerVariable: 'podman' })).toBe('container=podman')
  })

  it('finds none on a plain machine (cgroup v1 and v2 roots)', () => {
    expect(containerHint({ ...none, cgroup: '12:pids:/\n1:name=systemd:/init.scope\n' })).toBeUndefined()
    expect(containerHint({ ...none, cgroup: '0::/init.scope\n' })).toBeUndefined()
  })
})

describe('describeBuildEnvironment', () => {
  const al2023 = describeOsRelease(AMAZON_LINUX_2023)

  it('says what the machine is, whether it is a container, and its glibc', () => {
    expect(describeBuildEnvironment({ os: al2023, container: '/.dockerenv', glibc: '2.34', cpu: 'arm64' })).toBe(
      'Amazon Linux 2023.6.20250218 in a container (/.dockerenv), glibc 2.34, arm64'
    )
    expect(describeBuildEnvironment({ os: describeOsRelease(UBUNTU_24_04), glibc: '2.39', cpu: 'x64' })).toBe(
      'Ubuntu 24.04.1 LTS, glibc 2.39, x64'
    )
  })

  it('relates Amazon Linux to the runtime', () => {
    expect(environmentNote({ os: al2023, cpu: 'x64' }, findRuntime('python3.12')!)).toBe(
      'native code is built on AL2023, the same Amazon Linux as python3.12'
    )
    expect(environmentNote({ os: al2023, cpu: 'x64' }, findRuntime('python3.11')!)).toMatch(
      /^this is AL2023 but python3.11 runs on AL2/
    )
    expect(
      environmentNote({ os: describeOsRelease(DEBIAN_12), cpu: 'x64' }, findRuntime('python3.12')!)
    ).toBeUndefined()
  })
})
