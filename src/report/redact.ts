import { StringDecoder } from 'node:string_decoder'

/**
 * Keeps the AWS secret key and session token out of everything the action writes: the log (its
 * own annotations, SDK error messages, build tool output) and the step summary.
 *
 * The action does not call core.setSecret for them: that writes `::add-mask::<value>` to stdout,
 * the value itself, wherever the log ends up outside a runner. On a runner they are masked
 * already (configure-aws-credentials and `secrets.*` register them); this is the second guard.
 */

export const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const
export const MASK = '***'

/** Shorter values are left alone: masking them would garble ordinary text, and real ones are longer. */
const MIN_SECRET_LENGTH = 8
/** An unfinished line is held back at most this long before it is written anyway. */
const MAX_HELD_BACK = 64 * 1024

export type Redact = (text: string) => string

/** How a workflow command (::error::…) escapes its message: the form a value takes in the log. */
function commandEscaped(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/**
 * Every form in which the secrets may appear: as they are, URL-encoded, JSON-escaped, and each of
 * those as escaped in a workflow command. Longest first. Pure.
 */
export function secretForms(env: NodeJS.ProcessEnv): string[] {
  const values = SECRET_VARIABLES.map(name => env[name]?.trim() ?? '').filter(
    value => value.length >= MIN_SECRET_LENGTH
  )
  const forms = values.flatMap(value => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])
  return [...new Set([...forms, ...forms.map(commandEscaped)])].sort((a, b) => b.length - a.length)
}

/** A function that replaces every form of the secrets in a text with ***. Pure. */
export function createRedactor(env: NodeJS.ProcessEnv): Redact {
  const forms = secretForms(env)
  if (forms.length === 0) return text => text
  return text => forms.reduce((redacted, form) => redacted.split(form).join(MASK), text)
}

type Write = (
  chunk: string | Uint8Array,
  encoding?: BufferEncoding | ((error?: Error | null) => void),
  callback?: (error?: Error | null) => void
) => boolean

/**
 * Redacts everything written to the stream. Writes are passed on line by line, so a secret split
 * across two chunks (a child process's output) is still caught; the rest is written on exit.
 */
export function redactStream(stream: NodeJS.WriteStream, redact: Redact): void {
  const write = stream.write.bind(stream) as Write
  const decoder = new StringDecoder('utf8')
  let held = ''
  const flush = () => {
    const rest = held + decoder.end()
    held = ''
    if (rest) write(redact(rest))
  }
  const redactedWrite: Write = (chunk, encoding, callback) => {
    const done = typeof encoding === 'function' ? encoding : callback
    held += typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk))
    const end = held.length > MAX_HELD_BACK ? held.length : held.lastIndexOf('\n') + 1
    const ready = held.slice(0, end)
    held = held.slice(end)
    if (ready) return write(redact(ready), done)
    done?.()
    return true
  }
  stream.write = redactedWrite as typeof stream.write
  process.once('exit', flush)
}

/** Redacts the secrets from stdout and stderr from now on, and returns the redactor for files the action writes. */
export function protectSecrets(env: NodeJS.ProcessEnv): Redact {
  const redact = createRedactor(env)
  if (secretForms(env).length > 0) {
    redactStream(process.stdout, redact)
    redactStream(process.stderr, redact)
  }
  return redact
}
