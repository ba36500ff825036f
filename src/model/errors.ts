/** Errors every stage may raise: a bad input (named), or a layer that must not be published. */

export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string
  ) {
    super(`Input "${input}": ${detail}`)
    this.name = 'InputError'
  }
}

/** A layer that must not be published, found by a check. */
export class LayerCheckError extends Error {
  override name = 'LayerCheckError'
}

/** Quotes a value for an error message, keeping the message on one line. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
}

/** An error as one line: its name and message, whitespace folded. */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? [error.name, error.message].filter(Boolean).join(': ') : String(error)
  return text.replace(/\s+/g, ' ').trim()
}
