/** One line describing an AWS call's failure: "<region>: <Operation> failed: <reason>". */
export function awsErrorMessage(region: string, operation: string, error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error'
  const message = error instanceof Error ? error.message : String(error)
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode
  const reason = [name, message].filter(Boolean).join(': ').replace(/\s+/g, ' ').trim()
  return `${region}: ${operation} failed: ${reason}${status ? ` (HTTP ${status})` : ''}`
}
