// Runs a command under GNU time (/usr/bin/time) and returns its wall time and peak RSS, so each
// measured program's memory is its own and not the bench's.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const GNU_TIME = '/usr/bin/time'

/** Runs command with args; resolves with { code, seconds, cpuSeconds (user + sys), maxRssBytes, stdout, stderr }. */
export async function runMeasured(command, args, options = {}) {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-time-'))
  const timeFile = join(scratch, 'time')
  try {
    const startedAt = process.hrtime.bigint()
    const child = spawn(GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args], {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject)
      child.on('close', resolve)
    })
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9
    const timeLines = (await readFile(timeFile, 'utf8')).trim().split('\n')
    const [rssKb, user, system] = timeLines[timeLines.length - 1].split(' ').map(Number)
    return { code, seconds, cpuSeconds: user + system, maxRssBytes: rssKb * 1024, stdout, stderr }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** The 1-minute load average, as `uptime` shows it. */
export async function loadAverage() {
  const text = await readFile('/proc/loadavg', 'utf8')
  return text.split(' ').slice(0, 3).join(' ')
}
