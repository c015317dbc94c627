import { describe, expect, it } from 'vitest'
import { lineChart } from '../../../../main/runs/export/svg-chart'

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])

describe('report line charts', () => {
  it('draws 130,000 steps (past where Math.min(...values) overflowed) without a stack overflow', () => {
    const points = Array.from({ length: 130_000 }, (_, i): [number, number] => [i, 2 / (1 + i)])
    expect(() =>
      lineChart([{ label: 'loss', points }], {
        title: 'Loss',
        xLabel: 'step',
        yLabel: 'loss',
        logY: true
      })
    ).not.toThrow()
  })

  it('titles both axes and ticks a log axis at decades', () => {
    const points = [1, 2, 3, 4].map((i): [number, number] => [i, 10 ** -i])
    const svg = lineChart([{ label: 'grad', points }], {
      title: 'Gradient',
      xLabel: 'layer (1 = first, last = output)',
      yLabel: '‖∂L/∂W‖',
      logY: true
    })
    const t = texts(svg)
    expect(t).toContain('layer (1 = first, last = output)')
    expect(t).toContain('‖∂L/∂W‖, log scale')
    for (const tick of ['1e-4', '0.001', '0.01', '0.1']) expect(t).toContain(tick)
  })

  it('ticks a linear axis on the 1-2-5 ladder', () => {
    const points = Array.from({ length: 100 }, (_, i): [number, number] => [
      i * 15,
      0.121 + i * 0.008
    ])
    const t = texts(
      lineChart([{ label: 'acc', points }], { title: 'Acc', xLabel: 'step', yLabel: 'accuracy' })
    )
    expect(t).toEqual(expect.arrayContaining(['0', '0.2', '0.4', '0.6', '0.8', '1']))
    expect(t.some((x) => /0\.121|0\.242/.test(x!))).toBe(false)
  })
})
