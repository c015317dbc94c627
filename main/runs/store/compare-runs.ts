/**
 * Comparison of two runs for the side-by-side view and reports: which configuration fields
 * differ, how the final metrics and per-layer end states differ, which findings each has, and
 * both loss curves on a shared step axis. Pure: two runs in, plain data out.
 */
import type { EpochRecord, StepRecord } from '../records'
import type { FinalMetrics, LayerSnapshot, RunSummary } from '../summary'

/** What is compared of each run (a RunData fits). */
export interface ComparableRun {
  id: string
  config: object
  summary: RunSummary
  steps: readonly StepRecord[]
  epochs: readonly EpochRecord[]
}

export interface ConfigDifference {
  /** Dotted path, e.g. `training.optimizer.learningRate`, `model.layers[0].activation`. */
  field: string
  a: unknown
  b: unknown
}

export interface MetricDifference {
  metric: keyof FinalMetrics
  a: number | null
  b: number | null
  /** b − a, or null when either is missing. */
  delta: number | null
}

export interface LayerDifference {
  name: string
  a: LayerSnapshot | null
  b: LayerSnapshot | null
}

export interface RunComparison {
  a: string
  b: string
  config: ConfigDifference[]
  metrics: MetricDifference[]
  findings: { onlyA: string[]; onlyB: string[]; both: string[] }
  layers: LayerDifference[]
  /** Loss per step of each run (NaN where a run has no such step). */
  loss: { step: number; a: number; b: number }[]
}

/** Leaf values of a JSON-like value by dotted path. */
export function flatten(
  value: unknown,
  path = '',
  out = new Map<string, unknown>()
): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out)
  else out.set(path || '(config)', value)
  return out
}

/** Fields whose values differ between two configurations, in a's order then b's extras. Pure. */
export function configDifferences(a: object, b: object): ConfigDifference[] {
  const fa = flatten(a)
  const fb = flatten(b)
  const fields = [...new Set([...fa.keys(), ...fb.keys()])]
  return fields
    .filter((f) => !Object.is(fa.get(f), fb.get(f)))
    .map((field) => ({ field, a: fa.get(field), b: fb.get(field) }))
}

const METRICS: (keyof FinalMetrics)[] = ['trainLoss', 'trainAcc', 'valLoss', 'valAcc']

function lossByStep(a: readonly StepRecord[], b: readonly StepRecord[]): RunComparison['loss'] {
  const ma = new Map(a.map((s) => [s.step, s.loss]))
  const mb = new Map(b.map((s) => [s.step, s.loss]))
  const steps = [...new Set([...ma.keys(), ...mb.keys()])].sort((x, y) => x - y)
  return steps.map((step) => ({
    step,
    a: ma.get(step) ?? Number.NaN,
    b: mb.get(step) ?? Number.NaN
  }))
}

/** Compares run `b` against run `a`. Does not mutate either. */
export function compareRuns(a: ComparableRun, b: ComparableRun): RunComparison {
  const codesA = new Set(a.summary.findings.map((f) => f.code))
  const codesB = new Set(b.summary.findings.map((f) => f.code))
  const names = [
    ...new Set([...a.summary.layers.map((l) => l.name), ...b.summary.layers.map((l) => l.name)])
  ]
  return {
    a: a.id,
    b: b.id,
    config: configDifferences(a.config, b.config),
    metrics: METRICS.map((metric) => {
      const va = a.summary.final[metric] ?? null
      const vb = b.summary.final[metric] ?? null
      return { metric, a: va, b: vb, delta: va === null || vb === null ? null : vb - va }
    }),
    findings: {
      onlyA: [...codesA].filter((c) => !codesB.has(c)),
      onlyB: [...codesB].filter((c) => !codesA.has(c)),
      both: [...codesA].filter((c) => codesB.has(c))
    },
    layers: names.map((name) => ({
      name,
      a: a.summary.layers.find((l) => l.name === name)?.final ?? null,
      b: b.summary.layers.find((l) => l.name === name)?.final ?? null
    })),
    loss: lossByStep(a.steps, b.steps)
  }
}
