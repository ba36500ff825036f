/** Reads the [project] dependencies array of a pyproject.toml (PEP 621) without a TOML library. */

export class PyprojectError extends Error {
  override name = 'PyprojectError'
}

function projectTable(text: string): string {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex(line => line.trim() === '[project]')
  if (start < 0) throw new PyprojectError('pyproject.toml has no [project] table')
  const rest = lines.slice(start + 1)
  const end = rest.findIndex(line => /^\s*\[/.test(line))
  return (end < 0 ? rest : rest.slice(0, end)).join('\n')
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .map(line => line.replace(/#(?=(?:[^"']|"[^"]*"|'[^']*')*$).*/, ''))
    .join('\n')
}

export function pyprojectDependencies(text: string): string[] {
  const table = stripComments(projectTable(text))
  if (/^\s*dynamic\s*=.*["']dependencies["']/m.test(table)) {
    throw new PyprojectError(
      'pyproject.toml declares its dependencies as dynamic; list them in a requirements.txt instead'
    )
  }
  const match = /^\s*dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(table)
  if (!match) return []
  const items = match[1].match(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g) ?? []
  return items.map(item => item.slice(1, -1).trim()).filter(item => item.length > 0)
}
