import * as core from '@actions/core'
import { escapeHtml } from './html.js'
import { addFollowUps } from './follow-ups-section.js'
import type { Architecture } from '../model/architecture.js'
import type { LambdaRuntime } from '../model/runtimes.js'
import type { CompatibilityMode } from '../checks/compatibility.js'
import type { RegionResult } from '../publish/publish-region.js'
import type { ProducedArchive } from '../package/produce-archive.js'
import type { LayerChecks } from '../checks/check-archive.js'
import { formatBytes } from '../package/size-limits.js'
import type { Redact } from './redact.js'
import type { PublishSnapshot } from '../publish/interruption.js'
import type { VerifyReport } from '../verify/verify-result.js'
import { addLoadedSection } from './loaded-section.js'
import type { WorkflowRun } from '../model/workflow-run.js'
import type { LayerPackage } from '../package/package-manifest.js'
import type { PreviousVersion } from '../publish/previous-version.js'
import { changesSince, packageCount, sourceLine } from './provenance-summary.js'
import { incompleteNote } from './outputs.js'

/** Empty cells render as broken HTML in the step summary: show a dash instead. */
const NONE = '—'

function statusCell(result: RegionResult): string {
  if (result.status === 'reused') return '♻️ reused (unchanged)'
  if (result.status === 'published' && result.adopted) return '✅ published (adopted after a lost response)'
  if (result.status === 'published') return '✅ published'
  const missing = result.layerVersionArn ? `; ${incompleteNote(result)}` : ''
  return `❌ failed: ${escapeHtml(`${result.error ?? 'unknown error'}${missing}`)}`
}

/** What the summary shows of the inputs. */
export interface SummaryInputs {
  layerName: string
  runtime: LambdaRuntime
  architectures: Architecture[]
  regions: string[]
  /** regions: all: `regions` were resolved from the account's enabled regions. */
  allRegions: boolean
  buildImage?: string
  compatibilityCheck: CompatibilityMode
  exclude: string[]
}

export interface SummaryContent {
  inputs: SummaryInputs
  produced: ProducedArchive
  checks: LayerChecks
  /** Undefined when nothing was published (publish: false, or a check failed). */
  results: RegionResult[] | undefined
  /** The machine the action ran on (operating system, container, glibc). */
  buildEnvironment: string
  /** Applied to the whole summary before it is written: no credential reaches the file. */
  redact: Redact
  /** Set when the runner cancelled the step while publishing; `results` then holds the finished regions. */
  interrupted?: { signal: string; snapshot: PublishSnapshot }
  /** What the verify stage loaded; undefined when it did not run (a check failed first). */
  verification?: VerifyReport
  /** The workflow run that built the layer. */
  workflowRun?: WorkflowRun
  /** The layer's packages, and the package-manifest file listing them. */
  packages?: { list: LayerPackage[]; path: string }
  /** The newest version before this run, in the first region (read when publishing). */
  previous?: PreviousVersion
}

type Cells = [string, string, string, string]

function regionCells(result: RegionResult): Cells {
  return [
    result.region,
    result.layerVersionArn ?? NONE,
    result.version === undefined ? NONE : String(result.version),
    statusCell(result)
  ]
}

/** One row per region in the order of the input; regions an interruption cut short say so. */
function regionTableRows(content: SummaryContent, results: RegionResult[]): Cells[] {
  const { snapshot } = content.interrupted ?? {}
  if (!snapshot) return results.map(regionCells)
  return content.inputs.regions.map(region => {
    const result = results.find(done => done.region === region)
    if (result) return regionCells(result)
    const version = snapshot.inFlightVersions[region]
    if (version)
      return [
        region,
        version.layerVersionArn,
        String(version.version),
        '⏹️ interrupted after its version existed (a re-run reuses it and completes the rest)'
      ]
    if (snapshot.inFlight.includes(region))
      return [region, NONE, NONE, '⏹️ interrupted in flight (a version may exist; a re-run reuses it)']
    return [region, NONE, NONE, '⏹️ not started']
  })
}

function countsLine(content: SummaryContent, results: RegionResult[]): string {
  const count = (status: RegionResult['status']) => results.filter(result => result.status === status).length
  const counts = `${count('published')} published, ${count('reused')} reused, ${count('failed')} failed`
  const { interrupted } = content
  if (!interrupted) return `${content.inputs.regions.length} region(s): ${counts}.`
  const { inFlight, notStarted } = interrupted.snapshot
  return `Interrupted by ${interrupted.signal}: ${content.inputs.regions.length} region(s): ${counts}, ${inFlight.length} in flight, ${notStarted.length} not started.`
}

function addRegions(summary: typeof core.summary, content: SummaryContent): void {
  const { checks, results } = content
  if (results === undefined) {
    const unloaded = content.verification?.verified === 'false'
    const why = unloaded
      ? 'a module did not load'
      : checks.problems.length > 0
        ? 'the layer failed its checks'
        : 'publish is false'
    summary.addRaw(`<p>Not published: ${why}.</p>`, true)
    return
  }
  summary.addTable([
    [
      { data: 'Region', header: true },
      { data: 'LayerVersionArn', header: true },
      { data: 'Version', header: true },
      { data: 'Status', header: true }
    ],
    ...regionTableRows(content, results)
  ])
  summary.addRaw(`<p>${countsLine(content, results)}</p>`, true)
}

/** Changes since the version before, in the first region. */
function addChanges(summary: typeof core.summary, content: SummaryContent): void {
  const { previous, packages, produced } = content
  if (!previous || !packages) return
  const current = { layerName: content.inputs.layerName, ...produced.archive, packages: packages.list }
  const first = content.results?.find(result => result.region === previous.region)
  const { lines, rows } = changesSince(previous, current, first)
  summary.addHeading('Changes since the version before', 3)
  for (const line of lines) summary.addRaw(`<p>${line}</p>`, true)
  if (rows.length > 0)
    summary.addTable([['Change', 'Package', 'Version', 'Folder'].map(data => ({ data, header: true })), ...rows])
}

function addFindings(summary: typeof core.summary, content: SummaryContent): void {
  const { checks, produced, inputs } = content
  for (const problem of checks.problems) summary.addRaw(`<p>❌ ${escapeHtml(problem)}</p>`, true)
  for (const warning of checks.warnings) summary.addRaw(`<p>⚠️ ${escapeHtml(warning)}</p>`, true)
  if (checks.findings.length > 0) {
    summary.addHeading(`Compatibility findings (${inputs.compatibilityCheck})`, 3)
    summary.addTable([
      [
        { data: 'File in the zip', header: true },
        { data: 'What it is', header: true },
        { data: 'What the runtime needs', header: true }
      ],
      ...checks.findings.map(finding => [escapeHtml(finding.path), escapeHtml(finding.what), escapeHtml(finding.needs)])
    ])
  }
  const notPacked = [
    ...produced.secrets.map(secret => `${secret.path}: ${secret.reason}`),
    ...produced.skipped.map(skipped => `${skipped.path}: ${skipped.reason}`)
  ]
  if (notPacked.length > 0) {
    summary.addHeading('Not packed', 3)
    summary.addList(notPacked.map(escapeHtml))
  }
}

/** Writes the job summary: one row per region, the checks, then the archive's sizes and hash. */
export async function writeSummary(content: SummaryContent): Promise<void> {
  const { inputs, produced, checks } = content
  const { archive } = produced
  const summary = core.summary.addHeading(`Lambda layer ${inputs.layerName}`, 2)
  summary.addRaw(
    `<p>Runtime ${inputs.runtime.id} (${inputs.runtime.amazonLinux}), architectures ${inputs.architectures.join(', ')}</p>`,
    true
  )
  const installedIn = inputs.buildImage
    ? `; dependencies installed in ${escapeHtml(inputs.buildImage)} with docker`
    : ''
  summary.addRaw(`<p>Built on ${escapeHtml(content.buildEnvironment)}${installedIn}</p>`, true)
  const source = content.workflowRun && sourceLine(content.workflowRun)
  if (source) summary.addRaw(`<p>${source}</p>`, true)
  if (inputs.allRegions && inputs.regions.length > 0)
    summary.addRaw(
      `<p>Regions: all, ${inputs.regions.length} enabled for the account: ${inputs.regions.join(', ')}</p>`,
      true
    )
  addRegions(summary, content)
  if (content.results) addFollowUps(summary, content.results)
  addChanges(summary, content)
  addFindings(summary, content)
  addLoadedSection(summary, content.verification)
  summary.addHeading('Size', 3)
  summary.addList([
    `Zip size: ${formatBytes(archive.zipBytes)} (${archive.zipBytes} bytes)`,
    `Unzipped size: ${formatBytes(archive.unzippedBytes)} (${archive.unzippedBytes} bytes)`,
    ...(inputs.exclude.length > 0
      ? [`Left out by exclude: ${produced.excluded.length} of the entries, ${formatBytes(produced.excludedBytes)}`]
      : []),
    `CodeSha256: ${archive.codeSha256}`,
    `Entries: ${archive.entryNames.length}`,
    ...(content.packages
      ? [`Packages: ${packageCount(content.packages.list)}, listed in ${escapeHtml(content.packages.path)}`]
      : [])
  ])
  if (checks.largest.length > 0) {
    summary.addTable([
      [
        { data: 'Largest packages', header: true },
        { data: 'Unzipped', header: true }
      ],
      ...checks.largest.map(entry => [escapeHtml(entry.name), formatBytes(entry.bytes)])
    ])
  }
  const text = content.redact(summary.stringify())
  await summary.emptyBuffer().addRaw(text).write()
}
