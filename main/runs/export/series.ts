/**
 * The per-step, per-epoch and per-layer series of a run as CSV tables and one JSON document.
 * Non-finite numbers are spelled out (NaN, Infinity, -Infinity), never left empty or null; a
 * value that does not apply (no batch norm, no dropout in that layer) is written NA. Pure.
 */
import { stringify } from '../../contract/json-lines'
import type { EpochRecord, LayerInfo, ProbeRecord, StepRecord } from '../../contract/runs/records'
import type { RunSummary } from '../../contract/runs/summary'
import type { RunConfig } from '../../contract/config/schema'

export const SERIES_FORMAT = 1

/** What the series writers read (a RunData fits). */
export interface SeriesInput {
  id: string
  config: RunConfig
  summary: RunSummary
  layers: readonly LayerInfo[]
  steps: readonly StepRecord[]
  probes: readonly ProbeRecord[]
  epochs: readonly EpochRecord[]
}

/** One row of the per-layer table: one layer at one probe. */
export type LayerRow = Record<(typeof LAYER_COLUMNS)[number], number | string | null>

export const STEP_COLUMNS = ['step', 'epoch', 'loss', 'acc', 'lr', 'ms'] as const
export const EPOCH_COLUMNS = [
  'epoch',
  'step',
  'trainLoss',
  'trainAcc',
  'valLoss',
  'valAcc',
  'seconds'
] as const
export const LAYER_COLUMNS = [
  'step',
  'epoch',
  'layer',
  'name',
  'preMean',
  'preVar',
  'predictedPreVar',
  'preNormMean',
  'preNormVar',
  'postMean',
  'postVar',
  'deadFraction',
  'saturatedFraction',
  'stuckNegativeFraction',
  'weightMean',
  'weightVar',
  'weightNorm',
  'weightSpread',
  'gradNorm',
  'updateRatio',
  'dropoutKept',
  'preNonFinite',
  'postNonFinite'
] as const

/** Every layer of every probe as flat rows (null where a value does not apply). Pure. */
export function layerRows(input: SeriesInput): LayerRow[] {
  return input.probes.flatMap((probe) =>
    probe.layers.map((l) => ({
      step: probe.step,
      epoch: probe.epoch,
      layer: l.layer,
      name: input.layers[l.layer]?.name ?? `layer_${l.layer}`,
      preMean: l.pre.mean,
      preVar: l.pre.variance,
      predictedPreVar: l.predictedPreVar,
      preNormMean: l.preNorm?.mean ?? null,
      preNormVar: l.preNorm?.variance ?? null,
      postMean: l.post.mean,
      postVar: l.post.variance,
      deadFraction: l.deadFraction,
      saturatedFraction: l.saturatedFraction,
      stuckNegativeFraction: l.stuckNegativeFraction,
      weightMean: l.weights.mean,
      weightVar: l.weights.variance,
      weightNorm: l.weights.norm,
      weightSpread: l.weights.spread,
      gradNorm: l.gradNorm,
      updateRatio: l.updateRatio,
      dropoutKept: l.dropoutKept,
      preNonFinite: l.pre.nonFinite,
      postNonFinite: l.post.nonFinite
    }))
  )
}

/**
 * One CSV cell: numbers as JS writes them (NaN, Infinity spelled out; a negative number stays a
 * number), null as NA, text quoted when needed. Text starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return (a layer or class named so) gets a leading `'`, so a spreadsheet shows it as
 * text instead of running it as a formula.
 */
export function csvCell(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return 'NA'
  if (typeof value === 'number') return String(value)
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A CSV table with a header row; `rows` are objects keyed by the columns. Pure. */
export function toCsv<C extends string>(
  columns: readonly C[],
  rows: readonly Partial<Record<C, number | string | null>>[]
): string {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))]
  return `${lines.join('\n')}\n`
}

/** The three CSV files of a run, by file name. Pure. */
export function seriesCsv(input: SeriesInput): Record<string, string> {
  return {
    'steps.csv': toCsv(STEP_COLUMNS, input.steps as StepRecord[]),
    'epochs.csv': toCsv(EPOCH_COLUMNS, input.epochs as EpochRecord[]),
    'layers.csv': toCsv(LAYER_COLUMNS, layerRows(input))
  }
}

/** series.json: config, summary, and every series, non-finite numbers as strings. Pure. */
export function seriesJson(input: SeriesInput): string {
  return `${stringify(
    {
      format: SERIES_FORMAT,
      id: input.id,
      config: input.config,
      summary: input.summary,
      layers: input.layers,
      steps: input.steps,
      epochs: input.epochs,
      layerSeries: layerRows(input)
    },
    1
  )}\n`
}
