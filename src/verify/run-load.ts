/** Runs one load in its own process with a timeout, keeping the last lines of what it printed. */
import { spawn } from 'node:child_process'

export interface ProcessSpec {
  program: string
  args: string[]
  cwd: string
  /** The whole environment: nothing is inherited. */
  env: Record<string, string>
  timeoutMs: number
  /** Called when the timeout kills the process (a container needs its own removal). */
  onTimeout?: () => Promise<void>
}

export interface ProcessResult {
  exitCode: number | undefined
  timedOut: boolean
  /** The last lines of standard error, else of standard output. */
  tail: string
  output: string
}

const TAIL_LINES = 20
const MAX_KEPT = 64 * 1024

/** The last lines of a text, without blank ones. */
export function lastLines(text: string, count = TAIL_LINES): string {
  return text
    .split('\n')
    .map(line => line.trimEnd())
    .filter(Boolean)
    .slice(-count)
    .join('\n')
}

function keepTail(kept: string, chunk: Buffer): string {
  const text = kept + chunk.toString('utf8')
  return text.length > MAX_KEPT ? text.slice(-MAX_KEPT) : text
}

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  return new Promise(resolve => {
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const child = spawn(spec.program, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
      void spec.onTimeout?.()
    }, spec.timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => (stdout = keepTail(stdout, chunk)))
    child.stderr.on('data', (chunk: Buffer) => (stderr = keepTail(stderr, chunk)))
    child.on('error', error => {
      clearTimeout(timer)
      resolve({ exitCode: undefined, timedOut, tail: `could not run ${spec.program}: ${error.message}`, output: '' })
    })
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ exitCode: code ?? undefined, timedOut, tail: lastLines(stderr) || lastLines(stdout), output: stdout })
    })
  })
}
