/** Expands {placeholder} templates used by the s3-bucket and ssm-parameter inputs. */

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
