/**
 * The lecture's variance prediction for a whole run, from its initializers alone: the input's
 * measured E[x²] carried through every weighted layer with Var(h) = n·Var(w)·E[x²], Var(w) the
 * variance each initializer draws with (not the measured one) and each activation's effect on
 * the second moment (ReLU halves it) — the theory line drawn next to the measured Var(pre) at
 * initialization in the Layers view and the report. Also the sentence that says why measured
 * and predicted part after training. Pure.
 */
import type { RunConfig, WeightedSpec } from '../config/schema'
import type { LayerInfo, ProbeRecord } from '../runs/records'
import { initializerVariance, predictedPreVarianceChain, type ChainLayer } from './theory'

/**
 * E[x²] of the network's input as the first probe measured it: the first layer's prediction
 * n·Var(w)·E[x²] divided by its n·Var(w). NaN when the first layer's weights have no variance.
 */
export function inputMeanSquare(first: ProbeRecord | null, layers: readonly LayerInfo[]): number {
  const l = first?.layers[0]
  const fanIn = layers[0]?.fanIn
  if (!l || !fanIn || !(l.weights.variance > 0)) return Number.NaN
  return l.predictedPreVar / (fanIn * l.weights.variance)
}

function chainLayer(spec: WeightedSpec | null, info: LayerInfo, config: RunConfig): ChainLayer {
  const init = spec ? spec.initializer : config.model.outputInitializer
  const fanOut = spec?.type === 'conv2d' ? spec.kernelSize ** 2 * spec.filters : info.units
  return {
    fanIn: info.fanIn,
    weightVar: initializerVariance(init, info.fanIn, fanOut),
    activation: spec?.activation ?? 'linear',
    leakySlope: spec?.leakySlope,
    // Probes run in test mode, where batch norm uses its moving averages; they start at mean 0,
    // variance 1, so at the first probe batch norm passes h through (÷√(1+ε)), not normalized.
    batchNorm: false
  }
}

/**
 * Predicted Var(pre) of every weighted layer (output last) at initialization, from the
 * configured initializers and the input's measured E[x²]; null when the config's weighted
 * layers do not match `layers` or nothing was measured yet. Pooling between conv layers is
 * ignored (a max-pool raises the second moment a little). Pure.
 */
export function initializerVarianceChain(
  config: RunConfig | null,
  layers: readonly LayerInfo[],
  first: ProbeRecord | null
): number[] | null {
  if (!config || !first) return null
  const weighted = config.model.layers.filter(
    (l): l is WeightedSpec => l.type === 'dense' || l.type === 'conv2d'
  )
  if (weighted.length + 1 !== layers.length || layers.some((l) => !(l.fanIn > 0))) return null
  const ms = inputMeanSquare(first, layers)
  if (!Number.isFinite(ms)) return null
  const chain = layers.map((info, i) => chainLayer(weighted[i] ?? null, info, config))
  return predictedPreVarianceChain(chain, ms)
}

/** Measured and predicted are said to part beyond this factor either way. */
export const PART_FACTOR = 3

/**
 * Why measured Var(pre) and the per-layer prediction n·Var(w)·E[x²] differ at a later probe:
 * the layer where they differ most and the reason (the prediction assumes weights independent
 * of their inputs, true at initialization; trained weights correlate with their inputs). ''
 * when every layer is within PART_FACTOR, or `last` is the initialization probe. Pure.
 */
export function partingNote(last: ProbeRecord | null, layers: readonly LayerInfo[]): string {
  if (!last || last.step === 0) return ''
  let worst = -1
  let worstFactor = 1
  last.layers.forEach((l, i) => {
    const r = l.pre.variance / l.predictedPreVar
    if (!(r > 0) || !Number.isFinite(r)) return
    const factor = Math.max(r, 1 / r)
    if (factor > worstFactor) [worst, worstFactor] = [i, factor]
  })
  const l = last.layers[worst]
  if (l === undefined || worstFactor <= PART_FACTOR) return ''
  const fmt = (x: number) => String(Number(x.toPrecision(2)))
  return (
    `At step ${last.step}, ${layers[worst]?.name ?? `layer ${worst + 1}`} measures ` +
    `Var(pre) ${fmt(l.pre.variance)} against a predicted ${fmt(l.predictedPreVar)} ` +
    `(×${fmt(l.pre.variance / l.predictedPreVar)}). The prediction assumes weights independent ` +
    'of their inputs, which holds at initialization; training makes weights correlate with the ' +
    'inputs they see, so after training the two part. Compare at step 0.'
  )
}
