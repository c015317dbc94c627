import { describe, expect, it } from 'vitest'
import { parseRunConfig } from '../../../../main/contract/config/validate'
import type { LayerInfo, ProbeRecord } from '../../../../main/contract/runs/records'
import {
  initializerVarianceChain,
  inputMeanSquare,
  partingNote
} from '../../../../main/contract/stats/theory-chain'
import { layerInfo, layerProbe } from '../../runs/export/records-fixture'

/** A dense ReLU net 16 → 8 → 8 → 10 with `init`, as config and layer facts. */
function net(init: object) {
  const parsed = parseRunConfig({
    model: {
      inputShape: [4, 4, 1],
      layers: [
        { type: 'dense', units: 8, initializer: init },
        { type: 'dense', units: 8, initializer: init }
      ]
    },
    training: { optimizer: { type: 'sgd', learningRate: 0.1 } }
  })
  if (!parsed.ok) throw new Error(parsed.error)
  const layers: LayerInfo[] = [
    { ...layerInfo('dense_1', 'relu', 8), fanIn: 16 },
    { ...layerInfo('dense_2', 'relu', 8), fanIn: 8 },
    { ...layerInfo('output', 'softmax', 10, 'glorot-uniform'), fanIn: 8 }
  ]
  return { config: parsed.value, layers }
}

/** A first probe whose first layer saw inputs with E[x²] = `ms` through weights of variance `wv`. */
function firstProbe(ms: number, wv: number, fanIn = 16): ProbeRecord {
  const l0 = layerProbe(0, {
    predictedPreVar: fanIn * wv * ms,
    weights: { mean: 0, variance: wv, norm: 1, spread: 1 }
  })
  return { step: 0, epoch: 0, layers: [l0, layerProbe(1), layerProbe(2)] }
}

describe('the variance chain from the initializers alone', () => {
  it("recovers the input E[x²] from the first layer's prediction", () => {
    const { layers } = net({ type: 'he-normal' })
    expect(inputMeanSquare(firstProbe(0.25, 0.1), layers)).toBeCloseTo(0.25, 12)
  })

  it('keeps He-initialized ReLU layers at n·(2/n)·E[x²], ReLU halving the second moment', () => {
    const { config, layers } = net({ type: 'he-normal' })
    const chain = initializerVarianceChain(config, layers, firstProbe(0.5, 0.1))!
    // Layer 1: 16 · 2/16 · 0.5 = 1; ReLU halves it to 0.5, He doubles it back: 1 again.
    expect(chain[0]).toBeCloseTo(1, 9)
    expect(chain[1]).toBeCloseTo(1, 6)
    // Output (glorot, fanIn 8, fanOut 10): 8 · 2/18 · 0.5.
    expect(chain[2]).toBeCloseTo((8 * 2) / 18 / 2, 6)
  })

  it('shrinks the variance by n·σ²/2 per ReLU layer for small random weights', () => {
    const { config, layers } = net({ type: 'random-normal', mean: 0, stddev: 0.1 })
    const chain = initializerVarianceChain(config, layers, firstProbe(1, 0.01))!
    expect(chain[0]).toBeCloseTo(16 * 0.01 * 1, 9)
    expect(chain[1]! / chain[0]!).toBeCloseTo((8 * 0.01) / 2, 6)
  })

  it('gives no chain when the config does not match the layers or nothing was measured', () => {
    const { config, layers } = net({ type: 'he-normal' })
    expect(initializerVarianceChain(config, layers.slice(1), firstProbe(1, 0.1))).toBeNull()
    expect(initializerVarianceChain(config, layers, null)).toBeNull()
    expect(initializerVarianceChain(config, layers, firstProbe(1, 0))).toBeNull()
  })
})

describe('partingNote', () => {
  it('says why measured and predicted part after training, naming the worst layer', () => {
    const { layers } = net({ type: 'he-normal' })
    const last: ProbeRecord = {
      step: 500,
      epoch: 2,
      layers: [
        layerProbe(0, { preVar: 8.1, predictedPreVar: 0.67 }),
        layerProbe(1, { preVar: 1, predictedPreVar: 1.2 }),
        layerProbe(2)
      ]
    }
    const note = partingNote(last, layers)
    expect(note).toMatch(/At step 500, dense_1 measures Var\(pre\) 8.1 against a predicted 0.67/)
    expect(note).toMatch(/holds at initialization/)
    expect(note).toMatch(/correlate/)
  })

  it('says nothing while they agree within 3×, or at initialization', () => {
    const { layers } = net({ type: 'he-normal' })
    const close: ProbeRecord = {
      step: 500,
      epoch: 2,
      layers: [layerProbe(0, { preVar: 2, predictedPreVar: 1 })]
    }
    expect(partingNote(close, layers)).toBe('')
    expect(
      partingNote(
        { ...close, step: 0, layers: [layerProbe(0, { preVar: 9, predictedPreVar: 1 })] },
        layers
      )
    ).toBe('')
  })
})
