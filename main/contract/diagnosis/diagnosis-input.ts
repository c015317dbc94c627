/**
 * What the findings engine reads (a run's config, layer facts, records and terminal facts) and
 * the small helpers every rule shares: which layers are hidden, step ranges, number wording.
 * Pure.
 */
import type { RunConfig } from '../config/schema'
import type { EpochRecord, LayerInfo, ProbeRecord, StepRecord } from '../runs/records'
import type { DatasetSummary, RunSummary } from '../runs/summary'

export interface DiagnosisInput {
  config: RunConfig
  layers: readonly LayerInfo[]
  steps: readonly StepRecord[]
  probes: readonly ProbeRecord[]
  epochs: readonly EpochRecord[]
  /** Terminal facts, and the split sizes when known (the overfitting rule weighs its noise). */
  summary: Pick<RunSummary, 'status' | 'divergedAt' | 'divergedLayer'> & {
    dataset?:
      | (Pick<DatasetSummary, 'counts' | 'meanImageShare' | 'normalization'> &
          Partial<Pick<DatasetSummary, 'classes' | 'baselines'>>)
      | null
  }
}

/** Indices of hidden weighted layers (every layer but the output layer, which is last). */
export function hiddenLayerIndices(layers: readonly LayerInfo[]): number[] {
  return layers.slice(0, -1).map((_, i) => i)
}

/** Steps of the probes at which `holds(probe)`: [first, last], or null if never. */
export function stepRange(
  probes: readonly ProbeRecord[],
  holds: (probe: ProbeRecord) => boolean
): [number, number] | null {
  const hits = probes.filter(holds).map((p) => p.step)
  const [first] = hits
  const last = hits.at(-1)
  return first === undefined || last === undefined ? null : [first, last]
}

/** A number in prose: 3 significant digits, exponent form for very large or small values. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return '0'
  const a = Math.abs(x)
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3)))
}

/** A fraction in prose as a percentage, e.g. 0.4213 → "42%". */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`
}

/** The learning rate of the configured optimizer. */
export function learningRate(config: RunConfig): number {
  return config.training.optimizer.learningRate
}

/** What the run's hidden layers already use, so suggestions never repeat it. */
export interface RunUses {
  /** Every hidden layer starts with He (he-normal / he-uniform). */
  he: boolean
  /** Every hidden layer starts with Xavier/Glorot. */
  xavier: boolean
  /** Every hidden layer has batch norm. */
  batchNorm: boolean
  /** Every hidden layer is ReLU, leaky ReLU, ELU, GELU or SiLU (none has a flat upper tail). */
  reluFamily: boolean
  /** Every hidden layer is leaky ReLU. */
  leaky: boolean
}

/** ReLU and its smooth relatives: no flat upper tail, so nothing to gain from switching to ReLU. */
const NON_SATURATING = ['relu', 'leaky-relu', 'elu', 'gelu', 'silu']

/** What the hidden layers of `layers` (output layer last) all use. */
export function runUses(layers: readonly LayerInfo[]): RunUses {
  const hidden = layers.slice(0, -1)
  const all = (test: (l: LayerInfo) => boolean) => hidden.length > 0 && hidden.every(test)
  return {
    he: all((l) => l.initializer.startsWith('he-')),
    xavier: all((l) => l.initializer.startsWith('glorot-')),
    batchNorm: all((l) => l.batchNorm),
    reluFamily: all((l) => NON_SATURATING.includes(l.activation)),
    leaky: all((l) => l.activation === 'leaky-relu')
  }
}

/**
 * Suggestions as one sentence: the non-empty `options` joined with "; " (the last with "; or "),
 * first letter capitalized, ending in a period; `fallback` when none is left. The panel that
 * shows it already says "Try:", so it never starts with "Try".
 */
export function suggestionText(options: readonly (string | false)[], fallback: string): string {
  const kept = options.filter((o): o is string => typeof o === 'string' && o.length > 0)
  if (kept.length === 0) return fallback
  const body =
    kept.length === 1 ? kept[0]! : `${kept.slice(0, -1).join('; ')}; or ${kept[kept.length - 1]}`
  return `${body.charAt(0).toUpperCase()}${body.slice(1)}.`
}
