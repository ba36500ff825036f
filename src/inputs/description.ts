import { Input } from '../model/action-io.js'
import { InputError } from '../model/errors.js'
import { workflowPlaceholders, type WorkflowRun } from '../model/workflow-run.js'
import { expandTemplate, unknownPlaceholders, workflowValues, type TemplateValues } from './templates.js'
import { MAX_DESCRIPTION } from './layer-inputs.js'

/** Placeholders of the layer and region, shared with ssm-parameter. */
const LAYER_PLACEHOLDERS = ['layer', 'arch', 'region', 'runtime']

/** The description of the version published in a region: the template with every placeholder filled. */
export function expandDescription(template: string, layerValues: TemplateValues, run: WorkflowRun): string {
  return expandTemplate(template, { ...layerValues, ...workflowValues(run) })
}

/**
 * Checks the description template: known placeholders only, each with a value in this run, and at
 * most 256 characters once expanded in every region. Returns the template, or undefined when empty.
 */
export function readDescription(
  value: string,
  regions: string[],
  layerValues: (region: string) => TemplateValues,
  run: WorkflowRun
): string | undefined {
  const template = value.trim()
  if (template === '') return undefined
  const fromRun = workflowPlaceholders(run)
  const known = [...LAYER_PLACEHOLDERS, ...Object.keys(fromRun)]
  const unknown = unknownPlaceholders(template, known)
  if (unknown.length > 0) {
    const expected = known.map(name => `{${name}}`)
    throw new InputError(
      Input.Description,
      `{${unknown[0]}} is not a placeholder; expected ${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}.`
    )
  }
  for (const [name, { from, value: filled }] of Object.entries(fromRun)) {
    if (filled === undefined && template.includes(`{${name}}`))
      throw new InputError(
        Input.Description,
        `{${name}} has no value: ${from} is not set (GitHub Actions sets it in every workflow run).`
      )
  }
  // Without regions (nothing to publish to), {region} is checked as empty.
  for (const region of regions.length > 0 ? regions : ['']) {
    const expanded = expandDescription(template, layerValues(region), run)
    if (expanded.length > MAX_DESCRIPTION) {
      const filled = `once the placeholders are filled${region ? ` (${region})` : ''}`
      const where = expanded === template ? 'given' : filled
      throw new InputError(
        Input.Description,
        `${expanded.length} characters ${where}; Lambda accepts at most ${MAX_DESCRIPTION}.`
      )
    }
  }
  return template
}
