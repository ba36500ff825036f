/** The build-image input: which image runs the install step, and on which platform. */
import type { LambdaRuntime } from '../model/runtimes.js'
import type { Architecture } from '../model/architecture.js'

/** The value of build-image that picks AWS SAM's build image for the runtime. */
export const SAM_BUILD_IMAGE = 'sam'

/** AWS SAM's build image for a runtime and architecture, e.g. public.ecr.aws/sam/build-python3.12:latest-arm64. */
export function samBuildImage(runtime: LambdaRuntime, architecture: Architecture): string {
  return `public.ecr.aws/sam/build-${runtime.id}:latest-${architecture}`
}

// The reference grammar of the distribution project (docker/distribution reference package):
// [domain[:port]/]path-component[/path-component...][:tag][@digest]
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`)
const MAX_NAME_LENGTH = 255

/** True for image references docker accepts, e.g. amazonlinux:2023 or ghcr.io/org/builder@sha256:…. */
export function isImageReference(value: string): boolean {
  const name = value.split('@')[0].replace(/:[\w][\w.-]*$/, '')
  return REFERENCE.test(value) && name.length <= MAX_NAME_LENGTH
}

/** The image the install step runs in: SAM's for the runtime when the input is "sam", else the input itself. */
export function resolveBuildImage(value: string, runtime: LambdaRuntime, architecture: Architecture): string {
  return value === SAM_BUILD_IMAGE ? samBuildImage(runtime, architecture) : value
}
