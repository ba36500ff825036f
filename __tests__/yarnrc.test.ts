import { hasWorkspaceToolsPlugin, withSupportedArchitectures } from '../src/install/yarnrc.js'

const TARGET = 'supportedArchitectures:\n  os: [linux]\n  cpu: [arm64]\n  libc: [glibc]\n'

describe('withSupportedArchitectures', () => {
  it('writes only the target block into an empty or missing .yarnrc.yml', () => {
    expect(withSupportedArchitectures('', 'arm64')).toBe(TARGET)
  })

  it('keeps the other settings and appends the block', () => {
    expect(withSupportedArchitectures('nodeLinker: pnp\nenableTelemetry: false\n', 'arm64')).toBe(
      `nodeLinker: pnp\nenableTelemetry: false\n${TARGET}`
    )
  })

  it('replaces a block-style supportedArchitectures, nested lists and comments included, and keeps what follows', () => {
    const yarnrc =
      'nodeLinker: pnp\nsupportedArchitectures:\n  cpu:\n    - current\n    - x64\n  # mac too\n  os: [linux, darwin]\n\nyarnPath: .yarn/releases/yarn-4.18.1.cjs\n'
    expect(withSupportedArchitectures(yarnrc, 'arm64')).toBe(
      `nodeLinker: pnp\nyarnPath: .yarn/releases/yarn-4.18.1.cjs\n${TARGET}`
    )
  })

  it('replaces a flow-style one-line supportedArchitectures, in a file with Windows line endings', () => {
    const yarnrc = 'supportedArchitectures: { cpu: [x64] }\r\nnodeLinker: node-modules\r\n'
    expect(withSupportedArchitectures(yarnrc, 'x64')).toBe(
      'nodeLinker: node-modules\n' + TARGET.replace('arm64', 'x64')
    )
  })

  it('leaves a nested key of the same name alone', () => {
    const yarnrc = 'packageExtensions:\n  "foo@*":\n    supportedArchitectures: x\n'
    expect(withSupportedArchitectures(yarnrc, 'arm64')).toBe(`${yarnrc}${TARGET}`)
  })
})

describe('hasWorkspaceToolsPlugin', () => {
  it('finds the plugin as yarn 3 records it after "yarn plugin import workspace-tools"', () => {
    const yarnrc =
      'plugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\n    spec: "@yarnpkg/plugin-workspace-tools"\n'
    expect(hasWorkspaceToolsPlugin(yarnrc)).toBe(true)
    expect(hasWorkspaceToolsPlugin('nodeLinker: node-modules\n')).toBe(false)
  })
})
