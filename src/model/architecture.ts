/** Lambda's instruction set architectures and what each is called by the tools that build for it. */

export type Architecture = 'x86_64' | 'arm64'
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64']

/** Node.js / npm CPU names (process.arch, npm --cpu). */
export const NODE_CPU: Record<Architecture, 'x64' | 'arm64'> = { x86_64: 'x64', arm64: 'arm64' }

/** Machine names in manylinux wheel platform tags (manylinux_2_17_aarch64). */
export const PIP_MACHINE: Record<Architecture, 'x86_64' | 'aarch64'> = { x86_64: 'x86_64', arm64: 'aarch64' }

/** RubyGems platforms of native gems built for Linux. */
export const GEM_PLATFORM: Record<Architecture, string> = { x86_64: 'x86_64-linux', arm64: 'aarch64-linux' }

/** Docker --platform values. */
export const DOCKER_PLATFORM: Record<Architecture, string> = { x86_64: 'linux/amd64', arm64: 'linux/arm64' }
