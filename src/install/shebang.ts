/** Interpreters a Lambda runtime has on PATH or at a fixed place, by the command a shebang names. */
const USABLE = [
  /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?(?:node|sh|bash)(?:\s|$)/,
  /^#!\s*\/bin\/(?:sh|bash)(?:\s|$)/,
  /^#!\s*\/usr\/bin\/(?:sh|bash)(?:\s|$)/
]

/** The first line of a script when it is a shebang, else undefined (binaries and plain files). */
export function shebangLine(head: Buffer): string | undefined {
  if (head.subarray(0, 2).toString('latin1') !== '#!') return undefined
  const end = head.indexOf(10)
  return head
    .subarray(0, end === -1 ? head.length : end)
    .toString('utf8')
    .replace(/\r$/, '')
}

/** Whether a Node.js script's shebang starts on Lambda (node, sh or bash by the usual paths). */
export function nodeShebangWorks(line: string | undefined): boolean {
  return line === undefined || USABLE.some(pattern => pattern.test(line))
}

/**
 * A Ruby binstub's shebang made to work on Lambda: bundler writes the runner's interpreter
 * (#!/usr/bin/env ruby3.1, #!/opt/hostedtoolcache/Ruby/3.3.6/x64/bin/ruby); Lambda's Ruby
 * runtimes have "ruby" on PATH. Undefined when the line names no Ruby.
 */
export function rubyShebangForLambda(line: string): string | undefined {
  const match = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(?:\S*\/)?ruby[\d.]*(\s.*)?$/.exec(line)
  if (!match) return undefined
  return `#!/usr/bin/env ruby${match[1] ?? ''}`
}
