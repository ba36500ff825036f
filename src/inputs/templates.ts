/** Expands {placeholder} templates used by the s3-bucket and ssm-parameter inputs. */
import { workflowPlaceholders, type WorkflowRun } from '../model/workflow-run.js'

export type TemplateValues = Record<string, string>

/** Placeholders in a template that are not among the known names. */
export function unknownPlaceholders(template: string, known: string[]): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map(match => match[1]).filter(name => !known.includes(name))
}

export function usesPlaceholder(template: string, name: string): boolean {
  return template.includes(`{${name}}`)
}

export function expandTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{([^}]*)\}/g, (whole, name: string) => values[name] ?? whole)
}

/** The workflow run's placeholder values that are known ({sha}, {short-sha}, {ref}, {repo}, {run-id}, {run-url}). */
export function workflowValues(run: WorkflowRun): TemplateValues {
  const values: TemplateValues = {}
  for (const [name, { value }] of Object.entries(workflowPlaceholders(run)))
    if (value !== undefined) values[name] = value
  return values
}
