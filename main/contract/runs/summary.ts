/**
 * summary.json: the documented, stable description of a run that other tools read.
 * Pure types plus the helpers that derive the per-layer snapshot from probe records.
 * Format version 1; docs/run-format.md documents every field.
 */
import type { Coverage, RunConfig } from '../config/schema'
import type { DeadCensus, LayerInfo, LayerProbe } from './records'
import type { SkippedGroup } from './skipped-files'

export const SUMMARY_FORMAT = 1

export type RunStatus = 'running' | 'completed' | 'diverged' | 'stopped' | 'failed' | 'interrupted'

/** Why a backend earlier in the resolver's order was not used. */
export interface BackendNote {
  backend: string
  reason: string
}

/**
 * The WebGPU adapter a run trained on, as the driver names it. `software` is true for a CPU
 * rasterizer (SwiftShader, llvmpipe, a fallback adapter): it works but is not a GPU.
 */
export interface GpuAdapter {
  vendor: string
  architecture: string
  description: string
  software: boolean
}

/** "google swiftshader (SwiftShader driver 5.0.0)": the adapter in one phrase. Pure. */
export function adapterName(adapter: GpuAdapter): string {
  const what = [adapter.vendor, adapter.architecture].filter((s) => s !== '').join(' ')
  return adapter.description === '' ? what : `${what} (${adapter.description})`
}

/** One layer's key numbers at one moment (at init, or at the end). */
export interface LayerSnapshot {
  preVar: number
  predictedPreVar: number
  postMean: number
  postVar: number
  weightVar: number
  weightSpread: number
  /**
   * Units dead on the training split: the share the dead-unit census counted (records.ts
   * DeadCensus) where one covers the layer; otherwise (no census: a PyTorch run, an older run,
   * a layer that cannot die) the share 0 on every probe example.
   */
  deadFraction: number
  /** Share of units 0 on every probe example, kept when a census gave `deadFraction`; absent
   *  otherwise (then `deadFraction` is this share). */
  silentOnProbeFraction?: number
  saturatedFraction: number
  gradNorm: number
}

export interface LayerSummary {
  name: string
  kind: LayerInfo['kind']
  activation: string
  initializer: string
  fanIn: number
  units: number
  atInit: LayerSnapshot | null
  final: LayerSnapshot | null
}

/**
 * What most likely made a finding happen. `learning-rate`: steps too large for the layer
 * (update/weight ratio against ~1e-3, with fan-in and input correlation as context);
 * `bias-shift`: the biases, not the weights, moved the pre-activations; `init-scale`: the
 * initializer's n·Var(w) far from what the activation needs; `input-scale`: unnormalized or
 * mean-dominated inputs; `saturating-activation`: sigmoid/tanh in a deep stack;
 * `divergence`: the first non-finite quantity (loss, a layer's activations or gradients).
 */
export type CauseCode =
  | 'learning-rate'
  | 'bias-shift'
  | 'init-scale'
  | 'input-scale'
  | 'saturating-activation'
  | 'divergence'
  | 'symmetric-init'
  | 'overfitting'
  | 'underfitting'

/** The measured numbers behind a cause: named values, the layer they belong to and the step. */
export interface CauseEvidence {
  /** Layer name, or null when the cause is not one layer's (the loss, the inputs). */
  layer: string | null
  /** Optimizer step the numbers were measured at, or null (e.g. inputs, measured before step 1). */
  step: number | null
  /** Named measurements, e.g. { updateRatio: 0.031, fanIn: 4800, meanImageShare: 0.82 }. */
  numbers: Record<string, number>
}

export interface FindingCause {
  code: CauseCode
  /** How sure the diagnosis is: `likely` when the evidence points one way, else `possible`. */
  confidence: 'likely' | 'possible'
  /** One plain sentence naming the cause with its numbers. */
  text: string
  evidence: CauseEvidence
}

/** One change to a run's config: a dotted path into RunConfig and its new JSON value. */
export interface ConfigChange {
  /** e.g. `training.optimizer.learningRate`, `layers.0.initializer`, `data.normalize`. */
  path: string
  value: string | number | boolean | null
}

/** The change that should cure a finding, runnable as a counterfactual fork of the run. */
export interface FindingFix {
  changes: ConfigChange[]
  /** One sentence: why this change addresses the cause. */
  why: string
}

export interface Finding {
  code: string
  severity: 'info' | 'warning' | 'problem'
  layers: number[]
  steps: [number, number] | null
  evidence: string
  suggestion: string
  /** Warnings and problems: the most likely cause. Absent in older runs and on info findings. */
  cause?: FindingCause
  /** The config change that should cure it, when one exists. Absent otherwise. */
  fix?: FindingFix
}

/** A run started as a counterfactual of another: same seed, initial weights and batch order. */
export interface ForkOf {
  /** The parent run's id. */
  run: string
  /** What differs from the parent's config; nothing else does. */
  changes: ConfigChange[]
  /** The changes in the Runs list's words, e.g. `lr 0.001 → 0.0001` (config-diff.ts). */
  words: string[]
  /** Layers whose initial weights differ from the parent's because the change alters their
   *  initializer or shape (e.g. a new initializer, a new input size); empty: every layer
   *  starts from exactly the parent's weights. */
  reinitialized: string[]
  /** What else the change makes differ besides the setting itself (e.g. a new batch size makes
   *  other batches), one sentence each; empty: same split, same batches in the same order. */
  notes: string[]
}

/**
 * How pixels (byte / 255) become the model's input. `standardize`: x' = (x - mean[c]) / std[c]
 * per channel c (mean and std have one entry per channel). `per-pixel`: x' = (x - mean[p]) /
 * std[p] per input position p = (row · width + column) · channels + channel (mean and std have
 * height · width · channels entries, row-major [h, w, c]). Both are statistics of the training
 * split only. Mode `none` records one mean 0 and std 1 per channel.
 */
export interface InputNormalization {
  mode: 'standardize' | 'per-pixel' | 'none'
  mean: number[]
  std: number[]
}

export interface DatasetSummary {
  /** The image folder; "" for data that is not a folder (a PyTorch run's). */
  root: string
  /** What the data is called when it is not a folder: a PyTorch script's `dataset=dict(name=…)`. */
  name?: string
  classes: string[]
  /** counts[split][class] */
  counts: Record<string, Record<string, number>>
  /**
   * Skipped files and why: every broken image (by path), then the first SKIPPED_KEPT of the
   * others (by path); `skippedCount` has the total and `skippedGroups` the counts per kind.
   */
  skipped: { path: string; reason: string }[]
  /** Every skipped file; absent in summaries written before the list was capped. */
  skippedCount?: number
  /** Every skipped file counted by kind and extension (skipped-files.ts); absent in older runs. */
  skippedGroups?: SkippedGroup[]
  /** The input shape the run used: the config's, or the one derived from the images. */
  inputShape: [number, number, number]
  /** Absent in runs recorded before inputs were normalized (they saw byte / 255). */
  normalization?: InputNormalization
  /** Accuracy without learning, on the validation split; absent in older runs. */
  baselines?: AccuracyBaselines
  /**
   * Share of the inputs' E[x²] held by the per-pixel mean image, Σ_p μ_p² / Σ_p E[x_p²], on the
   * training split after normalization (main/data/mean-image.ts). Near 1: every example is
   * mostly the same image (raw pixels, a plain background), so weight updates add up. Absent
   * in older runs.
   */
  meanImageShare?: number
}

/** What accuracy means nothing: guessing uniformly, and always answering the largest class. */
export interface AccuracyBaselines {
  /** 1 / number of classes. */
  chance: number
  /** The largest class's share of the validation split (of the training split without one). */
  majorityClass: number
}

/**
 * Skipped files other than broken images a summary lists by name; the rest are only counted
 * (10,000 made 1.2 MB). Broken images are always listed in full.
 */
export const SKIPPED_KEPT = 200

/** How many files `dataset` skipped in all (older summaries listed every one). */
export function skippedTotal(dataset: Pick<DatasetSummary, 'skipped' | 'skippedCount'>): number {
  return dataset.skippedCount ?? dataset.skipped.length
}

export interface FinalMetrics {
  trainLoss: number | null
  trainAcc: number | null
  valLoss: number | null
  valAcc: number | null
  testLoss?: number | null
  testAcc?: number | null
}

export interface RunSummary {
  format: typeof SUMMARY_FORMAT
  id: string
  name: string
  status: RunStatus
  /** One sentence for failed or stopped runs; null otherwise. */
  reason: string | null
  backend: string
  backendNotes: BackendNote[]
  /** The WebGPU adapter, for runs on the webgpu backend; absent otherwise and in older runs. */
  adapter?: GpuAdapter
  seed: number
  steps: number
  epochs: number
  samplesPerSecond: number | null
  startedAt: string
  endedAt: string | null
  final: FinalMetrics
  /** Step at which the loss became non-finite, or null. */
  divergedAt: number | null
  /** Name of the first layer whose statistics went non-finite at divergence, or null. */
  divergedLayer: string | null
  dataset: DatasetSummary | null
  findings: Finding[]
  layers: LayerSummary[]
  /** Set when the run is a counterfactual fork of another run. */
  forkOf?: ForkOf
}

/** Fraction of a model's parameters no probe measures: 0 without coverage. Does not mutate. */
export function unmeasuredShare(coverage: Coverage | undefined): number {
  if (!coverage || coverage.parameters <= 0) return 0
  const missing = coverage.notMeasured.reduce((n, m) => n + m.parameters, 0)
  return missing / coverage.parameters
}

/** "3 of 21 modules not measured (LSTM rnn, Embedding embed, …)", or '' when all are. */
export function coverageText(coverage: Coverage | undefined): string {
  if (!coverage || coverage.notMeasured.length === 0) return ''
  const share = Math.round(unmeasuredShare(coverage) * 100)
  const names = coverage.notMeasured.slice(0, 4).map((m) => `${m.type} ${m.name}`)
  const more = coverage.notMeasured.length > 4 ? ', …' : ''
  return (
    `${coverage.notMeasured.length} of ${coverage.modules} modules not measured ` +
    `(${names.join(', ')}${more}; ${share}% of the parameters)`
  )
}

/** meta.json: what a person changes about a run without touching its record (rename, tag). */
export interface RunMeta {
  displayName: string | null
  tags: string[]
}

/**
 * The snapshot of one layer probe; with a `census` that counted the layer, `deadFraction` is the
 * census's (its dead units / `units`) and the probe's own share is kept as
 * `silentOnProbeFraction`. Does not mutate.
 */
export function snapshotOf(
  probe: LayerProbe,
  census: DeadCensus | null = null,
  units = probe.units.state.length
): LayerSnapshot {
  const counted = census?.layers.find((l) => l.layer === probe.layer)
  const dead = counted
    ? { deadFraction: counted.dead.length / Math.max(1, units), silentOnProbeFraction: probe.deadFraction }
    : { deadFraction: probe.deadFraction }
  return {
    preVar: probe.pre.variance,
    predictedPreVar: probe.predictedPreVar,
    postMean: probe.post.mean,
    postVar: probe.post.variance,
    weightVar: probe.weights.variance,
    weightSpread: probe.weights.spread,
    ...dead,
    saturatedFraction: probe.saturatedFraction,
    gradNorm: probe.gradNorm
  }
}

/** A probe's layers with the census that speaks for them (null: none does). */
export interface ProbeAndCensus {
  layers: readonly LayerProbe[]
  census: DeadCensus | null
}

/**
 * Per-layer summaries from the layer facts and the first and last probes (either may be absent),
 * each with the census that speaks for its weights (dead-census.ts censusAfter). Does not mutate.
 */
export function layerSummaries(
  infos: readonly LayerInfo[],
  first: ProbeAndCensus | null,
  last: ProbeAndCensus | null
): LayerSummary[] {
  const snapshot = (at: ProbeAndCensus | null, i: number, units: number) => {
    const probe = at?.layers[i]
    return probe ? snapshotOf(probe, at.census, units) : null
  }
  return infos.map((info, i) => ({
    name: info.name,
    kind: info.kind,
    activation: info.activation,
    initializer: info.initializer,
    fanIn: info.fanIn,
    units: info.units,
    atInit: snapshot(first, i, info.units),
    final: snapshot(last, i, info.units)
  }))
}

/**
 * The summary of a run that has started and recorded nothing yet: status `running`, no steps,
 * no metrics. `startedAt` is an ISO time. Pure.
 */
export function startingSummary(
  id: string,
  config: RunConfig,
  backend: string,
  startedAt: string
): RunSummary {
  return {
    format: SUMMARY_FORMAT,
    id,
    name: config.name,
    status: 'running',
    reason: null,
    backend,
    backendNotes: [],
    seed: config.training.seed,
    steps: 0,
    epochs: 0,
    samplesPerSecond: null,
    startedAt,
    endedAt: null,
    final: { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null },
    divergedAt: null,
    divergedLayer: null,
    dataset: null,
    findings: [],
    layers: []
  }
}
