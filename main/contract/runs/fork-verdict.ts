/**
 * The one measured line under a fork's overlay: what the change did to the affected layer and to
 * accuracy, from the two runs' summaries, e.g. "dense_1 dead 60% → 12%; validation accuracy
 * 0.94 → 0.93". Numbers only, no judgement a reader cannot check. Pure.
 */
import type { Finding, LayerSummary, RunSummary } from './summary'

/** What the verdict reads of each run. */
export type VerdictRun = Pick<RunSummary, 'status' | 'final' | 'layers' | 'divergedAt'>

/** The unit measure a finding is about: saturation findings → saturated, else dead. */
export type FractionMeasure = 'dead' | 'saturated'

/**
 * The layer a finding is about (its cause's layer, else its first listed layer) and the measure
 * to show for it; null when the finding names no layer. `layers`: the parent's. Pure.
 */
export function affectedLayer(
  finding: Pick<Finding, 'code' | 'layers' | 'cause'> | null,
  layers: readonly Pick<LayerSummary, 'name'>[]
): { name: string; measure: FractionMeasure } | null {
  if (!finding) return null
  const name = finding.cause?.evidence.layer ?? layers[finding.layers[0] ?? -1]?.name ?? null
  if (name === null) return null
  return { name, measure: /saturat/.test(finding.code) ? 'saturated' : 'dead' }
}

/**
 * "dense_1 dead 60% → 12%; validation accuracy 0.94 → 0.93" for `parent` and `fork`, the layer
 * part only when `layer` is given and both runs measured it at the end; training accuracy when a
 * run has no validation figure; a fork that did not complete says how it ended. Pure.
 */
export function forkVerdict(
  parent: VerdictRun,
  fork: VerdictRun,
  layer: { name: string; measure: FractionMeasure } | null
): string {
  const parts: string[] = []
  const layerPart = layer ? fractionChange(parent, fork, layer.name, layer.measure) : null
  if (layerPart) parts.push(layerPart)
  parts.push(accuracyChange(parent, fork))
  if (fork.status === 'diverged')
    parts.push(`the fork diverged${fork.divergedAt === null ? '' : ` at step ${fork.divergedAt}`}`)
  else if (fork.status !== 'completed') parts.push(`the fork ${fork.status}`)
  return parts.join('; ')
}

function fractionChange(
  parent: VerdictRun,
  fork: VerdictRun,
  name: string,
  measure: FractionMeasure
): string | null {
  const pick = (run: VerdictRun) => {
    const final = run.layers.find((l) => l.name === name)?.final
    if (!final) return null
    const value = measure === 'dead' ? final.deadFraction : final.saturatedFraction
    return Number.isFinite(value) ? value : null
  }
  const [a, b] = [pick(parent), pick(fork)]
  if (a === null || b === null) return null
  return `${name} ${measure} ${percent(a)} → ${percent(b)}`
}

function accuracyChange(parent: VerdictRun, fork: VerdictRun): string {
  const validation = parent.final.valAcc !== null && fork.final.valAcc !== null
  const pick = (run: VerdictRun) => (validation ? run.final.valAcc : run.final.trainAcc)
  const what = validation ? 'validation accuracy' : 'training accuracy'
  return `${what} ${fixed(pick(parent))} → ${fixed(pick(fork))}`
}

/** 0.6 → "60%", 0.004 → "0.4%", 0 → "0%". */
function percent(fraction: number): string {
  const p = fraction * 100
  if (p === 0 || p >= 10) return `${Math.round(p)}%`
  return `${Number(p.toPrecision(p >= 1 ? 2 : 1))}%`
}

function fixed(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2)
}
