import { type Architecture } from '../model/architecture.js'
import type { NodePathStyle } from '../plan/plan.js'
import { Input } from '../model/action-io.js'
import { parseGlobList, parseList } from './input-parsing.js'
import type { CompatibilityMode } from '../checks/compatibility.js'
import { type LambdaRuntime } from '../model/runtimes.js'
import { isImageReference, resolveBuildImage, SAM_BUILD_IMAGE } from '../install/build-image.js'
import { InputError, quote } from '../model/errors.js'
import { braceExpand, minimatch } from 'minimatch'

export function readNodePathStyle(
  value: string,
  build: { runtime: LambdaRuntime; install: boolean; archive: string }
): NodePathStyle {
  const style = value.trim() || 'standard'
  if (style !== 'standard' && style !== 'versioned') {
    throw new InputError(
      Input.NodePathStyle,
      `${quote(style)} is not a path style; expected standard (nodejs/node_modules) or versioned (nodejs/nodeNN/node_modules).`
    )
  }
  if (style === 'versioned' && (build.runtime.family !== 'nodejs' || !build.install || build.archive !== '')) {
    const why =
      build.runtime.family !== 'nodejs'
        ? `${build.runtime.id} is not a Node.js runtime`
        : 'nothing is installed (install: false or archive)'
    throw new InputError(
      Input.NodePathStyle,
      `versioned decides where the action installs Node.js dependencies, but ${why}; expected standard (the default) here.`
    )
  }
  return style
}

const COMPATIBILITY_MODES: CompatibilityMode[] = ['error', 'warn', 'off']

export function readCompatibilityMode(value: string): CompatibilityMode {
  const mode = value.trim() || 'error'
  if (!COMPATIBILITY_MODES.includes(mode as CompatibilityMode)) {
    throw new InputError(Input.CompatibilityCheck, `${quote(mode)} is not a mode; expected error, warn or off.`)
  }
  return mode as CompatibilityMode
}

/**
 * The path part of a pattern holding a [ that minimatch reads as a literal character rather than
 * the start of a class (an unclosed [abc): such a part matches its own text, which no class does.
 */
function unclosedBracket(pattern: string): string | undefined {
  return braceExpand(pattern)
    .flatMap(expanded => expanded.split('/'))
    .find(part => part.includes('[') && minimatch(part, part, { dot: true, nonegate: true, nocomment: true }))
}

export function readExclude(value: string, archive: string): string[] {
  const patterns = parseGlobList(value)
  if (patterns.length > 0 && archive !== '') {
    throw new InputError(
      Input.Exclude,
      'cannot change an existing archive; leave it empty when archive is set, or build from source.'
    )
  }
  for (const pattern of patterns) {
    const unclosed = unclosedBracket(pattern)
    if (unclosed !== undefined) {
      throw new InputError(
        Input.Exclude,
        `${quote(pattern)} is not a glob: the [ of ${quote(unclosed)} opens no character class, so it would match only that literal text; expected a closed class like *.[ch] or an escaped \\[, e.g. **/*.md or **/tests/**.`
      )
    }
    if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
      throw new InputError(
        Input.Exclude,
        `${quote(pattern)} is not a pattern inside the layer; expected relative globs like **/*.md or **/tests/**.`
      )
    }
  }
  return patterns
}

export function readBuildImage(
  value: string,
  inputs: { runtime: LambdaRuntime; architectures: Architecture[]; archive: string; install: boolean }
): string | undefined {
  const image = value.trim()
  if (image === '') return undefined
  if (image !== SAM_BUILD_IMAGE && !isImageReference(image)) {
    throw new InputError(
      Input.BuildImage,
      `${quote(image)} is not an image; expected sam (AWS SAM's build image for the runtime) or an image reference like public.ecr.aws/sam/build-python3.12:latest-arm64.`
    )
  }
  if (inputs.archive !== '' || !inputs.install) {
    throw new InputError(
      Input.BuildImage,
      'only the install step runs in the image, and nothing is installed when archive is set or install is false; remove build-image.'
    )
  }
  if (inputs.architectures.length > 1) {
    throw new InputError(
      Input.BuildImage,
      `an image runs one architecture, but architectures is ${inputs.architectures.join(', ')}; use a matrix with one architecture per job.`
    )
  }
  return resolveBuildImage(image, inputs.runtime, inputs.architectures[0])
}

/** PEP 508 extra names: letters and digits, with - _ . inside. */
const EXTRA_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/

export function readPythonExtras(
  value: string,
  build: { runtime: LambdaRuntime; install: boolean; archive: string }
): string[] {
  const extras = parseList(value)
  if (extras.length === 0) return []
  const bad = extras.find(extra => !EXTRA_NAME.test(extra))
  if (bad !== undefined) {
    throw new InputError(
      Input.PythonExtras,
      `${quote(bad)} is not an extra name; expected names of [project.optional-dependencies] groups, e.g. "fast, s3".`
    )
  }
  if (build.runtime.family !== 'python' || !build.install || build.archive !== '') {
    const why =
      build.runtime.family !== 'python'
        ? `${build.runtime.id} is not a Python runtime`
        : 'nothing is installed (install: false or archive)'
    throw new InputError(Input.PythonExtras, `selects pyproject.toml extras to install, but ${why}; leave it empty.`)
  }
  return extras
}
