/** The summary's provenance: the commit and run that built the layer, its packages, and what changed. */
import { commitUrl, runUrl, SHORT_SHA_LENGTH, type WorkflowRun } from '../model/workflow-run.js'
import type { PreviousVersion } from '../publish/previous-version.js'
import type { RegionResult } from '../publish/publish-region.js'
import type { LayerPackage } from '../package/package-manifest.js'
import { formatBytes } from '../package/size-limits.js'
import { comparePackages, hasChanges, sizeChange } from './changes.js'
import { escapeAttribute } from './html.js'

function link(text: string, url: string | undefined): string {
  return url ? `<a href="${escapeAttribute(url)}">${escapeAttribute(text)}</a>` : escapeAttribute(text)
}

/** "Built from commit abc1234 of owner/name (refs/heads/main) in run 42", linked; undefined outside a workflow run. */
export function sourceLine(run: WorkflowRun): string | undefined {
  const parts: string[] = []
  if (run.sha) parts.push(`commit ${link(run.sha.slice(0, SHORT_SHA_LENGTH), commitUrl(run))}`)
  if (run.repository) parts.push(`of ${escapeAttribute(run.repository)}`)
  if (run.ref) parts.push(`(${escapeAttribute(run.ref)})`)
  if (run.runId) parts.push(`in run ${link(run.runId, runUrl(run))}`)
  return parts.length > 0 ? `Built from ${parts.join(' ')}` : undefined
}

/** "12 packages (npm 10, python 2)". */
export function packageCount(packages: LayerPackage[]): string {
  const byKind = new Map<string, number>()
  for (const item of packages) byKind.set(item.kind, (byKind.get(item.kind) ?? 0) + 1)
  const kinds = [...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')
  return `${packages.length} package${packages.length === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''}`
}

/** Rows of the changes table at most: the step summary holds 1 MiB. */
export const MAX_CHANGE_ROWS = 200

/** What this layer is, for the comparison. */
export interface CurrentContent {
  layerName: string
  codeSha256: string
  zipBytes: number
  packages: LayerPackage[]
}

function changeRows(before: LayerPackage[], after: LayerPackage[]): string[][] {
  const changes = comparePackages(before, after)
  if (!hasChanges(changes)) return []
  return [
    ...changes.added.map(item => ['added', item.name, item.version, item.folder]),
    ...changes.removed.map(item => ['removed', item.name, item.version, item.folder]),
    ...changes.changed.map(item => ['changed', item.name, `${item.from} → ${item.to}`, item.folder])
  ].map(cells => cells.map(escapeAttribute))
}

/** The sentences about the version before, and a table of package changes (rows: change, package, version, folder). */
export function changesSince(
  previous: PreviousVersion,
  current: CurrentContent,
  firstResult: RegionResult | undefined
): { lines: string[]; rows: string[][] } {
  const where = escapeAttribute(previous.region)
  if (previous.kind === 'none')
    return {
      lines: [`First version of ${escapeAttribute(current.layerName)} in ${where}: nothing to compare with.`],
      rows: []
    }
  if (previous.kind === 'unavailable')
    return { lines: [`⚠️ Not compared: ${escapeAttribute(previous.reason)}`], rows: [] }
  const version = `version ${previous.version} in ${where}`
  if (previous.codeSha256 === current.codeSha256) {
    const reused = firstResult?.status === 'reused' && firstResult.version === previous.version
    return {
      lines: [
        reused
          ? `No change since ${version}: same content (CodeSha256), and the version was reused.`
          : `Same content (CodeSha256) as ${version}; a new version was published because its description, license, runtimes or architectures differ.`
      ],
      rows: []
    }
  }
  const lines = [`Compared with ${version}, the newest before this run.`]
  lines.push(`Zip size: ${sizeChange(previous.codeSize, current.zipBytes, formatBytes)}`)
  if (!previous.packages) {
    lines.push(`⚠️ Packages not compared: ${escapeAttribute(previous.unreadable ?? 'its zip could not be read')}`)
    return { lines, rows: [] }
  }
  const rows = changeRows(previous.packages, current.packages)
  if (rows.length === 0) lines.push('No package was added, removed or changed; other files differ.')
  if (rows.length > MAX_CHANGE_ROWS)
    lines.push(
      `${rows.length} package changes; the first ${MAX_CHANGE_ROWS} are listed (all packages are in the package-manifest file).`
    )
  return { lines, rows: rows.slice(0, MAX_CHANGE_ROWS) }
}
