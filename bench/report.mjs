// One bench line: what was measured, the figure, the target, pass or fail.
export function line(name, figure, target, pass) {
  return { name, figure, target, pass }
}

/** A figure without a target (context for the lines that have one). */
export function info(name, figure) {
  return { name, figure, target: '', pass: undefined }
}

export function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

/** Binary megabytes, as memory limits are given. */
export function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

export function seconds(value) {
  return `${value.toFixed(2)} s`
}

export function printLines(title, lines) {
  console.log(`\n${title}`)
  const width = Math.max(...lines.map(entry => entry.name.length))
  for (const entry of lines) {
    const verdict = entry.pass === undefined ? '' : entry.pass ? 'PASS' : 'FAIL'
    const target = entry.target ? `target ${entry.target}` : ''
    console.log(
      `  ${entry.name.padEnd(width)}  ${String(entry.figure).padEnd(34)} ${target.padEnd(22)} ${verdict}`.trimEnd()
    )
  }
}
