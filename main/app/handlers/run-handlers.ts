/**
 * Handlers for recorded runs. A run is named by its id only (validated by the contract as a
 * plain folder name), so the UI can never point these at another folder.
 */
import { join, relative, sep } from 'node:path'
import { ok } from '../../result'
import { exportRun } from '../../runs/export/export-run'
import type { PdfRenderer } from '../../runs/export/pdf'
import { readRun, type RunData } from '../../runs/run-reader'
import type { AppContext } from '../app-context'
import type { HandlerMap } from '../dispatch'
import { listRuns } from '../run-list'
import type { RunDetail } from '../../../preload/contract'
import { EXPORTS_PATH } from '../../../preload/wire'

type RunChannels = 'runs:list' | 'runs:open' | 'runs:export'

/** Where a run's exports go: `<runDir>/export/`. */
export const EXPORT_FOLDER = 'export'

export function runHandlers(ctx: AppContext, pdf?: PdfRenderer): Pick<HandlerMap, RunChannels> {
  const live = () => ctx.training.liveRunIds()
  return {
    'runs:list': async () => ok(await listRuns(ctx.runsDir, live())),
    'runs:open': async ({ runId }) =>
      ok(detail(await readRun(join(ctx.runsDir, runId), { liveRunIds: live() }))),
    'runs:export': async ({ runId, format }) => {
      const outDir = join(ctx.runsDir, runId, EXPORT_FOLDER)
      const options = pdf ? { pdf } : {}
      const [outcome] = await exportRun(join(ctx.runsDir, runId), [format], outDir, options)
      if (!outcome.ok) throw new Error(`Exporting ${runId} as ${format} failed: ${outcome.error}`)
      if (ctx.mode === 'desktop') return ok({ format, paths: outcome.paths })
      return ok({
        format,
        paths: outcome.paths,
        urls: outcome.paths.map((p) => exportUrl(runId, outDir, p))
      })
    }
  }
}

/** The UI's view of a run read from disk. Does not mutate `run`. */
export function detail(run: RunData): RunDetail {
  const warnings: string[] = []
  for (const file of ['steps', 'probes', 'epochs'] as const) {
    if (run.integrity.tornTail[file])
      warnings.push(`${file}.jsonl ended in a partly written record, which was left out.`)
    const bad = run.integrity.badLines[file]
    if (bad.length > 0)
      warnings.push(
        `${file}.jsonl has ${bad.length} unreadable line(s) (first: ${bad[0]}), left out.`
      )
  }
  return {
    id: run.id,
    dir: run.dir,
    summary: run.summary,
    config: run.config,
    layers: run.layers,
    steps: run.steps,
    probes: run.probes,
    epochs: run.epochs,
    warnings
  }
}

/** The browser-mode download URL of an exported file (see ui-server.ts). */
function exportUrl(runId: string, outDir: string, path: string): string {
  const segments = relative(outDir, path).split(sep).map(encodeURIComponent)
  return `${EXPORTS_PATH}${runId}/${segments.join('/')}`
}
