export interface SummaryRow {
  arn: string
  version: string
  status: string
}

/** The rows of the step summary's region table, by region (cells as written, HTML entities kept). */
export function regionRows(summary: string): Record<string, SummaryRow> {
  const rows: Record<string, SummaryRow> = {}
  for (const match of summary.matchAll(
    /<tr><td>([a-z]{2}(?:-[a-z]+)+-\d{1,2})<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g
  )) {
    rows[match[1]] = { arn: match[2], version: match[3], status: match[4] }
  }
  return rows
}
