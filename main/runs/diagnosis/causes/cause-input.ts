/**
 * What every cause rule reads and returns: the run (DiagnosisInput) and the finding to explain,
 * in; a candidate cause with its evidence and, when one exists, the config change that cures
 * it, out. Plus the measurements several rules share (a layer's probes, its n·Var(w) against
 * what its activation needs, the step size before a finding). Pure.
 */
import type { LayerInfo, LayerProbe, ProbeRecord } from '../../../contract/runs/records'
import type {
  CauseCode,
  ConfigChange,
  Finding,
  FindingCause,
  FindingFix
} from '../../../contract/runs/summary'
import type { DiagnosisInput } from '../../../contract/diagnosis/diagnosis-input'

/** A cause a rule found, with the fix that should cure it (when one exists). */
export interface Candidate {
  cause: FindingCause
  fix?: FindingFix
}

/** One cause rule: null when its condition does not hold for `finding`. Pure. */
export type CauseRule = (input: DiagnosisInput, finding: Finding) => Candidate | null

/** A candidate from its parts; `numbers` keeps finite values only (summary.json is JSON). */
export function candidate(
  code: CauseCode,
  confidence: FindingCause['confidence'],
  text: string,
  evidence: { layer: string | null; step: number | null; numbers: Record<string, number> },
  fix?: FindingFix
): Candidate {
  const numbers = Object.fromEntries(
    Object.entries(evidence.numbers).filter(([, v]) => Number.isFinite(v))
  )
  return {
    cause: { code, confidence, text, evidence: { ...evidence, numbers } },
    ...(fix ? { fix } : {})
  }
}

/** Layer `layer`'s probe in `probe`, or undefined. */
export function at(probe: ProbeRecord | undefined, layer: number): LayerProbe | undefined {
  return probe?.layers[layer]
}

/** n·Var(w) a layer with `activation` needs to keep its variance: 2 for the ReLU family, else 1. */
export function targetGain(activation: string): number {
  return activation === 'relu' || activation === 'leaky-relu' || activation === 'elu' ? 2 : 1
}

/** fanIn · Var(w) of `layer` at `probe` (NaN when not recorded). */
export function gainAt(info: LayerInfo, probe: LayerProbe | undefined): number {
  return probe ? info.fanIn * probe.weights.variance : Number.NaN
}

/** The finding's layers, or every hidden layer when it names none (in layer order). */
export function findingLayers(input: DiagnosisInput, finding: Finding): number[] {
  if (finding.layers.length > 0) return finding.layers
  return input.layers.slice(0, -1).map((_, i) => i)
}

/** The first step at which `finding` held (its range's start), else the last probe's step. */
export function onsetStep(input: DiagnosisInput, finding: Finding): number {
  return finding.steps?.[0] ?? input.probes.at(-1)?.step ?? 0
}

/** Largest update ratio of `layer` over the probes up to `step`, and the probe it was at. */
export function peakUpdateRatio(
  input: DiagnosisInput,
  layer: number,
  step: number
): { ratio: number; step: number } | null {
  let best: { ratio: number; step: number } | null = null
  for (const p of input.probes) {
    if (p.step > step) break
    const r = p.layers[layer]?.updateRatio ?? Number.NaN
    if (Number.isFinite(r) && (best === null || r > best.ratio)) best = { ratio: r, step: p.step }
  }
  return best
}

/** Median update ratio of `layer` over probes after `step` (NaN when none). */
export function laterUpdateRatio(input: DiagnosisInput, layer: number, step: number): number {
  const later = input.probes
    .filter((p) => p.step > step)
    .map((p) => p.layers[layer]?.updateRatio ?? Number.NaN)
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
  return later.length === 0 ? Number.NaN : later[later.length >> 1]!
}

/**
 * Index into `config.model.layers` of weighted layer `layer` (dense/conv2d, in order; pools and
 * flattens skipped), or -1 for the implicit output layer. Pure.
 */
export function configLayerIndex(input: DiagnosisInput, layer: number): number {
  let seen = -1
  const specs = input.config.model.layers
  for (let i = 0; i < specs.length; i++) {
    const t = specs[i]!.type
    if (t === 'dense' || t === 'conv2d') seen += 1
    if (seen === layer) return i
  }
  return -1
}

/** The change setting `field` of weighted layer `layer` (none for the output layer). */
export function layerChange(
  input: DiagnosisInput,
  layer: number,
  field: 'initializer' | 'activation' | 'biasInit' | 'batchNorm',
  value: ConfigChange['value']
): ConfigChange[] {
  const index = configLayerIndex(input, layer)
  return index < 0 ? [] : [{ path: `model.layers.${index}.${field}`, value }]
}
