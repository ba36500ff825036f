import * as core from '@actions/core'
import { currentRuntimes } from '../model/runtimes.js'
import { isPublic } from '../model/permission-grant.js'
import type { ActionInputs } from './read-inputs.js'

/** Warnings about inputs that are valid but worth a second look, before anything is built. */
export function warnAboutInputs(inputs: ActionInputs): void {
  if (inputs.runtime.deprecatedOn) {
    const newer = currentRuntimes(inputs.runtime.family).join(', ')
    core.warning(
      `${inputs.runtime.id} was deprecated by Lambda on ${inputs.runtime.deprecatedOn}: new functions cannot use it and updates stop soon after; move to ${newer}.`
    )
  }
  if (isPublic(inputs.grants)) {
    core.warning(
      `principal "*" makes every version of ${inputs.layerName} published by this step public to all AWS accounts.`
    )
  }
  if (inputs.includeSecrets) {
    core.warning('include-secrets is true: .env files, credentials, private keys and .git are packed into the layer.')
  }
}
