import * as core from '@actions/core'
import type { ActionInputs } from './inputs.js'
import type { RegionResult } from './publish/publish-region.js'
import type { LayerArchive } from './package/zip-archive.js'
import { formatBytes } from './package/size-limits.js'

/** Empty cells render as broken HTML in the step summary: show a dash instead. */
const NONE = '—'

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function statusCell(result: RegionResult): string {
  if (result.status === 'published') return '✅ published'
  return `❌ failed: ${escapeHtml(result.error ?? 'unknown error')}`
}

/** Writes the job summary: one row per region, then the archive's sizes and hash. */
export async function writeSummary(inputs: ActionInputs, archive: LayerArchive, results: RegionResult[] | undefined): Promise<void> {
  const summary = core.summary.addHeading(`Lambda layer ${inputs.layerName}`, 2)
  summary.addRaw(
    `Runtime ${inputs.runtime.id} (${inputs.runtime.amazonLinux}), architectures ${inputs.architectures.join(', ')}`,
    true
  )
  if (results === undefined) {
    summary.addRaw('Not published: publish is false.', true)
  } else {
    summary.addTable([
      [
        { data: 'Region', header: true },
        { data: 'LayerVersionArn', header: true },
        { data: 'Version', header: true },
        { data: 'Status', header: true }
      ],
      ...results.map(result => [
        result.region,
        result.layerVersionArn ?? NONE,
        result.version === undefined ? NONE : String(result.version),
        statusCell(result)
      ])
    ])
  }
  summary.addList([
    `Zip size: ${formatBytes(archive.zipBytes)} (${archive.zipBytes} bytes)`,
    `Unzipped size: ${formatBytes(archive.unzippedBytes)} (${archive.unzippedBytes} bytes)`,
    `CodeSha256: ${archive.codeSha256}`,
    `Entries: ${archive.entryNames.length}`
  ])
  await summary.write()
}
