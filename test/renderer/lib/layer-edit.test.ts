import { describe, expect, it } from 'vitest'
import { parseRunConfig } from '../../../main/contract/config/validate'
import { LAYER_KINDS, initializerFor, moved, newLayer } from '../../../renderer/src/lib/layer-edit'
import { INITIALIZERS } from '../../../main/contract/config/schema'

describe('layer-stack editing', () => {
  it('adds layers of every kind that the shared schema accepts as they are', () => {
    const layers = LAYER_KINDS.map(newLayer)
    const parsed = parseRunConfig({
      model: { inputShape: [28, 28, 1], layers },
      training: { optimizer: { type: 'sgd', learningRate: 0.1 } }
    })
    expect(parsed.ok).toBe(true)
  })

  it('gives every initializer the parameters the schema requires', () => {
    for (const name of INITIALIZERS) {
      const layer = { ...newLayer('dense'), initializer: initializerFor(name) }
      const parsed = parseRunConfig({
        model: { inputShape: [4, 4, 1], layers: [layer] },
        training: { optimizer: { type: 'sgd', learningRate: 0.1 } }
      })
      expect(parsed.ok, name).toBe(true)
    }
  })

  it('reorders without mutating the original list and clamps at the ends', () => {
    const list = ['a', 'b', 'c']
    expect(moved(list, 0, 1)).toEqual(['b', 'a', 'c'])
    expect(moved(list, 2, 5)).toEqual(['a', 'b', 'c'])
    expect(moved(list, 1, -1)).toEqual(['b', 'a', 'c'])
    expect(list).toEqual(['a', 'b', 'c'])
  })
})
