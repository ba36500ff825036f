import { Input } from '../model/action-io.js'
import { InputError, quote } from '../model/errors.js'
import { isImageReference } from '../install/build-image.js'
import type { VerifySelection } from '../verify/verify-result.js'
import { parseList } from './input-parsing.js'

/** A module name as require, import or require (Ruby) take it: @scope/name, package.sub, aws-sdk-s3. */
const MODULE_NAME = /^@?[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/

const ACCEPTED = 'expected auto, off, or a list of module names to load (e.g. sharp, @aws-sdk/client-s3, numpy)'

export function readVerify(value: string): VerifySelection {
  const items = parseList(value)
  if (items.length === 0 || (items.length === 1 && items[0] === 'auto')) return { mode: 'auto' }
  if (items.length === 1 && items[0] === 'off') return { mode: 'off' }
  for (const item of items) {
    if (['auto', 'off', 'true', 'false'].includes(item))
      throw new InputError(Input.Verify, `${quote(item)} cannot be part of a list; ${ACCEPTED}.`)
    if (!MODULE_NAME.test(item) || item.split('/').includes('..'))
      throw new InputError(Input.Verify, `${quote(item)} is not a module name; ${ACCEPTED}.`)
  }
  return { mode: 'modules', modules: items }
}

export function readVerifyImage(value: string, verify: VerifySelection): string | undefined {
  const image = value.trim()
  if (image === '') return undefined
  if (!isImageReference(image))
    throw new InputError(
      Input.VerifyImage,
      `${quote(image)} is not an image; expected an image reference like public.ecr.aws/lambda/python:3.12.`
    )
  if (verify.mode === 'off')
    throw new InputError(
      Input.VerifyImage,
      'verify is off, so no image is used; remove verify-image or set verify: auto.'
    )
  return image
}
