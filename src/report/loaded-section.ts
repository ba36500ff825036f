import { escapeHtml } from './html.js'
import type * as core from '@actions/core'
import type { VerifyReport, ModuleLoad } from '../verify/verify-result.js'

const ICONS: Record<ModuleLoad['outcome'], string> = {
  loaded: '✅ loaded',
  checked: '✅ checked',
  'nothing to load': 'ℹ️ nothing to load',
  failed: '❌ failed',
  'timed out': '❌ timed out'
}

function resultCell(load: ModuleLoad): string {
  const detail = load.detail ? `: ${escapeHtml(load.detail.split('\n').at(-1) ?? '')}` : ''
  return `${ICONS[load.outcome]}${detail}`
}

/** The "Loaded" section: one row per module with its result and where it ran, then why anything was skipped. */
export function addLoadedSection(summary: typeof core.summary, report: VerifyReport | undefined): void {
  if (report === undefined) return
  summary.addHeading(`Loaded (verified: ${report.verified})`, 3)
  if (report.loads.length > 0) {
    summary.addTable([
      [
        { data: 'Module', header: true },
        { data: 'Result', header: true },
        { data: 'Where', header: true }
      ],
      ...report.loads.map(load => [escapeHtml(load.module), resultCell(load), escapeHtml(load.where)])
    ])
  }
  if (report.notes.length > 0) summary.addList(report.notes.map(escapeHtml))
}
