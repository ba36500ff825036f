/**
 * Yarn (2+) reads object settings such as supportedArchitectures only from .yarnrc.yml, never from
 * YARN_* variables, so the installer rewrites the staged copy. Pure text work: the user's other
 * settings stay as written; a supportedArchitectures block of theirs (block or flow style) is
 * replaced, since the layer's target decides which native packages belong in it.
 */
export function withSupportedArchitectures(yarnrc: string, cpu: string): string {
  const kept: string[] = []
  let skipping = false
  for (const line of yarnrc.split(/\r?\n/)) {
    if (/^supportedArchitectures\s*:/.test(line)) {
      skipping = true
      continue
    }
    // A top-level key ends the skipped block; indented, blank and comment lines belong to it.
    if (skipping && /^[^\s#]/.test(line)) skipping = false
    if (!skipping) kept.push(line)
  }
  const rest = kept.join('\n').trimEnd()
  const block = `supportedArchitectures:\n  os: [linux]\n  cpu: [${cpu}]\n  libc: [glibc]\n`
  return rest === '' ? block : `${rest}\n${block}`
}

/** Whether the yarnrc loads the workspace-tools plugin (needed for `workspaces focus` before yarn 4). */
export function hasWorkspaceToolsPlugin(yarnrc: string): boolean {
  return /plugin-workspace-tools/.test(yarnrc)
}
