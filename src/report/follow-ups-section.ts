import type * as core from '@actions/core'
import type { RegionResult } from '../publish/publish-region.js'
import { escapeHtml } from './html.js'

/** The function updates of every region as a table, then SSM parameters, pruned versions and warnings. */
export function addFollowUps(summary: typeof core.summary, results: RegionResult[]): void {
  const updates = results.flatMap(result => result.functions.map(update => ({ region: result.region, ...update })))
  if (updates.length > 0) {
    summary.addHeading('Functions', 3)
    summary.addTable([
      [
        { data: 'Region', header: true },
        { data: 'Function', header: true },
        { data: 'Result', header: true }
      ],
      ...updates.map(update => [
        update.region,
        escapeHtml(update.function),
        escapeHtml(
          update.status === 'failed'
            ? `❌ ${update.error ?? 'failed'}`
            : `${update.status}${update.previous ? ` (was ${update.previous})` : ''}`
        )
      ])
    ])
  }
  const notes = results.flatMap(result => [
    ...(result.ssmParameter ? [`${result.region}: ${result.ssmParameter} = ${result.layerVersionArn}`] : []),
    ...(result.deletedVersions.length > 0
      ? [`${result.region}: deleted versions ${result.deletedVersions.join(', ')}`]
      : []),
    ...result.warnings.map(warning => `⚠️ ${warning}`)
  ])
  if (notes.length > 0) summary.addList(notes.map(escapeHtml))
}
