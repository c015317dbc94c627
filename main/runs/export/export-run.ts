/**
 * Exports a run to any of the report formats, each written atomically into `outDir`:
 *   html      <name>-<start>-report.html   self-contained report (name: reportBaseName)
 *   pdf       <name>-<start>-report.pdf    the same report, paginated (Chromium or Electron)
 *   csv       steps.csv, epochs.csv, layers.csv
 *   json      series.json
 *   tfevents  tensorboard/<run-id>/events.out.tfevents.<start>.trainscape
 *   model     model/model.json + model/group1-shard1of1.bin (tfjs LayersModel)
 * Findings are recomputed from the records, so every export shows the current diagnosis.
 */
import { join } from 'node:path'
import { messageOf } from '../../contract/result'
import { diagnoseRun } from '../diagnosis/diagnose-run'
import { readRun, readWeights, type RunData } from '../run-reader'
import { writeDirAtomic, writeFileAtomic } from '../../files/atomic-write'
import { containedPath } from '../store/contained-path'
import { writeFileContained } from '../store/contained-write'
import { htmlReport } from './html-report'
import { chromiumPdf, type PdfRenderer } from './pdf'
import { seriesCsv, seriesJson } from './series'
import { eventFileName, runEventFile } from './tensorboard-run'
import { withInputShape } from '../../contract/model/plan'
import {
  EXPORT_FORMATS,
  reportBaseName,
  type ExportFormat
} from '../../contract/runs/export-formats'
import {
  buildLayersModel,
  exportBackendReady,
  layersModelFiles,
  MODEL_WEIGHTS_FILE
} from './tfjs-model'

export { EXPORT_FORMATS, type ExportFormat }

export type ExportOutcome =
  | { format: ExportFormat; ok: true; paths: string[] }
  | { format: ExportFormat; ok: false; error: string }

export interface ExportOptions {
  /** How to turn HTML into PDF; headless Chromium by default (the app passes Electron's). */
  pdf?: PdfRenderer
  /**
   * A folder every written file must stay inside, with no symbolic link on the way (the app
   * passes the runs folder: a run's `export` entry may be a link planted to write elsewhere).
   */
  confineTo?: string
}

/**
 * Writes one file; with `options.confineTo`, through folder handles that no link or swap can
 * redirect out of it (contained-write.ts), else atomically at `path`.
 */
async function put(path: string, data: string | Uint8Array, options: ExportOptions) {
  if (options.confineTo !== undefined) await writeFileContained(options.confineTo, path, data)
  else await writeFileAtomic(path, data)
}

/** Parses "html,pdf,csv" into formats; throws naming the unknown ones. */
export function parseFormats(text: string): ExportFormat[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = names.filter((n) => !(EXPORT_FORMATS as readonly string[]).includes(n))
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `Unknown export format${unknown.length === 1 ? '' : 's'} ${unknown.join(', ') || '(none given)'}; choose from ${EXPORT_FORMATS.join(', ')}.`
    )
  }
  return [...new Set(names)] as ExportFormat[]
}

/** The run with its findings recomputed from its records. Does not mutate `run`. */
export function diagnosed(run: RunData): RunData {
  return { ...run, summary: { ...run.summary, findings: diagnoseRun(run) } }
}

async function writeTfevents(
  run: RunData,
  outDir: string,
  options: ExportOptions
): Promise<string[]> {
  const path = join(outDir, 'tensorboard', run.id, eventFileName(run.summary.startedAt))
  await put(path, runEventFile(run), options)
  return [path]
}

async function writeModel(run: RunData, outDir: string, options: ExportOptions): Promise<string[]> {
  const source = run.config.source?.backend
  if (source)
    throw new Error(
      `Run ${run.id} was trained in ${source === 'pytorch' ? 'PyTorch' : source}, outside Trainscape's engine: ` +
        `Trainscape holds its statistics, not its weights, so there is no TF.js model to export. ` +
        `Save the model where it trained (torch.save).`
    )
  const weights = await readWeights(run.dir)
  if (!weights)
    throw new Error(
      `Run ${run.id} has no trained weights (status ${run.summary.status}); only finished runs can export a model.`
    )
  const outputKernel = weights.find((w) => w.name === 'output/kernel')
  const classes =
    run.summary.dataset?.classes ??
    Array.from({ length: outputKernel?.shape[1] ?? 0 }, (_, i) => `class_${i}`)
  const spec = withInputShape(run.config.model, run.summary.dataset?.inputShape)
  const inputShape = spec.inputShape
  if (!inputShape)
    throw new Error(
      `Run ${run.id} records no input shape (dataset.inputShape); it cannot export a model.`
    )
  await exportBackendReady()
  const model = buildLayersModel(spec, classes.length, weights, run.summary.dataset?.normalization)
  try {
    const files = await layersModelFiles(model, {
      classes: [...classes],
      runId: run.id,
      inputShape
    })
    const dir = join(outDir, 'model')
    if (options.confineTo !== undefined) await containedPath(options.confineTo, dir)
    await writeDirAtomic(dir, async (staging) => {
      await writeFileAtomic(join(staging, MODEL_WEIGHTS_FILE), files.weightBytes)
      await writeFileAtomic(join(staging, 'model.json'), files.modelJson)
    })
    return [join(dir, 'model.json'), join(dir, MODEL_WEIGHTS_FILE)]
  } finally {
    model.dispose()
  }
}

/** The report's file name without extension, from the run's shown name and start. */
const reportName = (run: RunData): string =>
  reportBaseName(run.meta.displayName ?? run.summary.name, run.summary.startedAt)

async function writeFormat(
  run: RunData,
  format: ExportFormat,
  outDir: string,
  options: ExportOptions
): Promise<string[]> {
  switch (format) {
    case 'html': {
      const path = join(outDir, `${reportName(run)}.html`)
      await put(path, htmlReport(run), options)
      return [path]
    }
    case 'pdf': {
      const path = join(outDir, `${reportName(run)}.pdf`)
      await put(path, await (options.pdf ?? chromiumPdf)(htmlReport(run)), options)
      return [path]
    }
    case 'csv': {
      const files = Object.entries(seriesCsv(run))
      for (const [name, text] of files) await put(join(outDir, name), text, options)
      return files.map(([name]) => join(outDir, name))
    }
    case 'json': {
      const path = join(outDir, 'series.json')
      await put(path, seriesJson(run), options)
      return [path]
    }
    case 'tfevents':
      return writeTfevents(run, outDir, options)
    case 'model':
      return writeModel(run, outDir, options)
    default: {
      const never: never = format
      throw new Error(`Unknown export format ${String(never)}`)
    }
  }
}

/**
 * Writes each of `formats` for the run in `runDir` into `outDir`. One format failing does not
 * stop the others; each outcome says what was written or why not. Throws only when the run
 * itself cannot be read.
 */
export async function exportRun(
  runDir: string,
  formats: readonly ExportFormat[],
  outDir: string,
  options: ExportOptions = {}
): Promise<ExportOutcome[]> {
  const run = diagnosed(await readRun(runDir))
  const outcomes: ExportOutcome[] = []
  for (const format of formats) {
    try {
      outcomes.push({ format, ok: true, paths: await writeFormat(run, format, outDir, options) })
    } catch (thrown) {
      outcomes.push({ format, ok: false, error: messageOf(thrown) })
    }
  }
  return outcomes
}
