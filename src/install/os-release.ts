/** Parses /etc/os-release (os-release(5)): KEY=value lines, values optionally quoted with shell escapes. */

export interface OperatingSystem {
  /** ID, e.g. ubuntu, debian, amzn */
  id: string
  /** VERSION_ID, e.g. 24.04, 12, 2023 */
  versionId: string
  /** PRETTY_NAME, else NAME and VERSION */
  prettyName: string
}

function unquote(raw: string): string {
  const value = raw.trim()
  const quote = value[0]
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
    const inner = value.slice(1, -1)
    return quote === '"' ? inner.replace(/\\([\\"$`])/g, '$1') : inner
  }
  return value.replace(/\\(.)/g, '$1')
}

/** The variables of an os-release file; comments, blank and malformed lines are skipped. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line)
    if (match) fields[match[1]] = unquote(match[2])
  }
  return fields
}

/** The operating system an os-release file describes. */
export function describeOsRelease(text: string): OperatingSystem {
  const fields = parseOsRelease(text)
  const id = fields.ID || 'linux'
  const fallbackName = [fields.NAME || 'Linux', fields.VERSION].filter(Boolean).join(' ')
  return {
    id,
    versionId: fields.VERSION_ID ?? '',
    prettyName: fields.PRETTY_NAME || fallbackName
  }
}

/** AL2 or AL2023 when the system is Amazon Linux of that release. */
export function amazonLinuxRelease(os: OperatingSystem): 'AL2' | 'AL2023' | undefined {
  if (os.id !== 'amzn') return undefined
  if (os.versionId === '2') return 'AL2'
  if (os.versionId === '2023') return 'AL2023'
  return undefined
}
