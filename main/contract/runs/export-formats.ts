/**
 * The export format names, defined once for the exporter, the CLI and the IPC contract
 * (tfevents = a TensorBoard event file), and the name a report file takes from its run.
 * Pure, so the renderer may use it.
 */
import { nameSlug } from './run-files'

export const EXPORT_FORMATS = ['html', 'pdf', 'csv', 'json', 'tfevents', 'model'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/**
 * The base name of a run's report files, from the name a person gave the run and its start:
 * `relu-he-20261207-2340-report` (then `.html`, `.pdf`), so downloads of several runs never
 * all read "report". `startedAt` is an ISO time; an unreadable one is left out.
 */
export function reportBaseName(runName: string, startedAt: string): string {
  const stamp = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(startedAt)
  const when = stamp ? `-${stamp[1]}${stamp[2]}${stamp[3]}-${stamp[4]}${stamp[5]}` : ''
  return `${nameSlug(runName)}${when}-report`
}
