import { describe, expect, it } from 'vitest'
import { savedModes } from '../../../renderer/src/lib/landscape-modes'

describe('saved 3D modes', () => {
  it("reads a mode saved as 'surface' (the unit cells' old name) as 'cells'", () => {
    expect(
      savedModes({ '0:dense': 'surface', '1:dense_1': 'ridge', '2:dense_2': 'cells' })
    ).toEqual({ '0:dense': 'cells', '1:dense_1': 'ridge', '2:dense_2': 'cells' })
  })

  it('drops entries that name no mode, so the layer falls back to the default', () => {
    expect(savedModes({ '0:dense': 'heatmap', '1:dense_1': 3, '2:x': null })).toEqual({})
  })
})
