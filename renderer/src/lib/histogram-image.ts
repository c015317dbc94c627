/**
 * Histograms over time as an image (TensorBoard-style distribution strip): column = probe,
 * row = histogram bin (high values on top), brightness = fraction of values in the bin,
 * scaled per column so each probe's shape is visible however wide its spread. Pure: returns
 * RGBA pixels for a canvas ImageData.
 */
import type { Histogram, ProbeRecord } from '../../../main/runs/records'
import { strideIndices } from './unit-sampling'

export interface HistogramImage {
  width: number
  height: number
  /** RGBA, row-major, top row first. */
  pixels: Uint8ClampedArray
  /** Step of each column. */
  steps: number[]
  lo: number
  hi: number
}

/** One column per probe (at most `maxColumns`, evenly thinned); null without histograms. */
export function histogramImage(
  probes: readonly ProbeRecord[],
  pick: (p: ProbeRecord) => Histogram | null,
  maxColumns: number,
  rgb: readonly [number, number, number]
): HistogramImage | null {
  const chosen = strideIndices(probes.length, maxColumns).map((i) => probes[i])
  const hists = chosen.map(pick)
  const first = hists.find((h) => h !== null)
  if (!first) return null
  const width = chosen.length
  const height = first.counts.length
  const pixels = new Uint8ClampedArray(width * height * 4)
  hists.forEach((h, x) => {
    if (!h) return
    const peak = Math.max(1, ...h.counts)
    for (let b = 0; b < height; b++) {
      const k = Math.sqrt((h.counts[b] ?? 0) / peak) // sqrt lifts thin tails into view
      const i = ((height - 1 - b) * width + x) * 4
      pixels[i] = 18 + k * (rgb[0] * 255 - 18)
      pixels[i + 1] = 21 + k * (rgb[1] * 255 - 21)
      pixels[i + 2] = 28 + k * (rgb[2] * 255 - 28)
      pixels[i + 3] = 255
    }
  })
  return { width, height, pixels, steps: chosen.map((p) => p.step), lo: first.lo, hi: first.hi }
}
