/**
 * Handlers for recorded runs: list, open, findings, rename, tag, delete, re-run and export. A
 * run is named by its id only (validated by the contract as a plain folder name, and again by
 * the store's checkRunId), so the UI can never point these at another folder.
 */
import { realpath } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { ok } from '../../contract/result'
import { exportRun } from '../../runs/export/export-run'
import type { PdfRenderer } from '../../runs/export/pdf'
import type { RunData } from '../../runs/run-reader'
import {
  deleteRun,
  openRun,
  renameRun,
  rerunConfig,
  runDir,
  tagRun,
  type ListedRun
} from '../../runs/store/run-store'
import type { AppContext } from '../app-context'
import { isInside } from '../folder-access'
import type { HandlerMap } from '../dispatch'
import type { RunDetail, RunListItem } from '../../contract/ipc/contract'
import { EXPORTS_PATH } from '../../contract/ipc/wire'

type RunChannels =
  | 'runs:list'
  | 'runs:open'
  | 'runs:findings'
  | 'runs:rename'
  | 'runs:tag'
  | 'runs:delete'
  | 'runs:rerun'
  | 'runs:export'

/** Where a run's exports go: `<runDir>/export/`. */
export const EXPORT_FOLDER = 'export'

/** How long `runs:findings` waits for the run that is just ending to write its summary. */
const FINISH_WAIT_MS = 15_000

export function runHandlers(ctx: AppContext, pdf?: PdfRenderer): Pick<HandlerMap, RunChannels> {
  const live = () => ctx.training.liveRunIds()
  // The app's runs folder, or the opened folder (run-sources.ts) that holds this run.
  const rootOf = (runId: string) => ctx.runSources.rootOf(runId)
  // Browser mode changes runs only under --runs-dir: a run found under a --data-root is read-only.
  const writableRoot = async (runId: string) => {
    const root = await rootOf(runId)
    if (ctx.mode === 'desktop') return root
    const real = (path: string) => realpath(path).catch(() => path)
    if (isInside(await real(ctx.runsDir), await real(root))) return root
    throw new Error(
      `Run ${runId} lies in ${root}, under a --data-root, which this server only reads; ` +
        `restart it with --runs-dir ${root} to rename, tag or delete the runs there.`
    )
  }
  const liveRoot = (id: string) => ctx.training.liveFacts(id)?.dataset?.root ?? null
  return {
    'runs:list': async () => {
      const items = (await ctx.runSources.listAll({ liveRunIds: live() })).map(listItem)
      // A run still training has its dataset in memory only until it ends.
      return ok(items.map((r) => ({ ...r, datasetRoot: r.datasetRoot ?? liveRoot(r.id) })))
    },
    'runs:open': async ({ runId }) => {
      const run = detail(await openRun(await rootOf(runId), runId, { liveRunIds: live() }))
      // A run still training has its backend and dataset in memory only until it ends.
      const facts = ctx.training.liveFacts(runId)
      return ok(facts ? { ...run, summary: { ...run.summary, ...facts } } : run)
    },
    'runs:findings': async ({ runId }) => {
      if (live().has(runId)) await finishedOrTimeout(ctx.training.idle(), FINISH_WAIT_MS)
      const root = await rootOf(runId)
      return ok((await openRun(root, runId, { liveRunIds: live() })).summary.findings)
    },
    'runs:rename': async ({ runId, displayName }) =>
      ok(await renameRun(await writableRoot(runId), runId, displayName)),
    'runs:tag': async ({ runId, tags }) => ok(await tagRun(await writableRoot(runId), runId, tags)),
    'runs:delete': async ({ runId }) => {
      await deleteRun(await writableRoot(runId), runId, { liveRunIds: live() })
      return ok({ runId })
    },
    'runs:rerun': async ({ runId }) =>
      ok({ config: await rerunConfig(await rootOf(runId), runId) }),
    'runs:export': async ({ runId, format }) => {
      const root = await rootOf(runId)
      const dir = runDir(root, runId)
      const outDir = join(dir, EXPORT_FOLDER)
      // The run folder's entries may be links planted to write elsewhere: stay inside root.
      const options = pdf ? { pdf, confineTo: root } : { confineTo: root }
      const [outcome] = await exportRun(dir, [format], outDir, options)
      if (outcome === undefined) throw new Error(`Exporting ${runId} as ${format} gave no result.`)
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

/** Resolves when `done` does or after `ms`, whichever is first. */
function finishedOrTimeout(done: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))
  return Promise.race([done, timeout]).finally(() => clearTimeout(timer))
}

/** The UI's row for one listed run; a damaged run keeps its id and says what is wrong. Pure. */
export function listItem(listed: ListedRun): RunListItem {
  if (listed.ok) {
    const { dir: _folder, ...row } = listed.run
    return { ...row, damage: null }
  }
  return {
    id: listed.id,
    name: listed.id,
    displayName: listed.id,
    tags: [],
    status: 'failed',
    reason: null,
    findings: [],
    damage: listed.error,
    startedAt: '',
    endedAt: null,
    steps: 0,
    epochs: 0,
    backend: 'unknown',
    final: { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null },
    datasetRoot: null,
    preset: null,
    changes: null,
    forkOf: null,
    configDiffers: null
  }
}

/** How each file's records were chosen when a long run was thinned (run-records.ts). */
const THINNED = {
  steps: 'each stretch of steps keeps its lowest and highest loss, and the last step',
  probes: 'evenly spaced probes, the first included, and the newest',
  epochs: 'evenly spaced epochs, the first included, and the newest'
} as const

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
    const total = run.integrity.recorded[file]
    if (run[file].length + bad.length < total)
      warnings.push(
        `Showing ${run[file].length} of the ${total} records of ${file}.jsonl: a run this long ` +
          `is thinned to what one window holds (${THINNED[file]}).`
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
    warnings,
    meta: run.meta,
    evaluation: run.evaluation ?? null,
    evaluationError: run.integrity.evaluationError ?? null
  }
}

/**
 * The browser-mode download URL of an exported file, relative to the page (which lives below
 * the token path, see ui-server.ts), so the download carries the token without a cookie.
 */
function exportUrl(runId: string, outDir: string, path: string): string {
  const segments = relative(outDir, path).split(sep).map(encodeURIComponent)
  return `${EXPORTS_PATH.slice(1)}${runId}/${segments.join('/')}`
}
