/**
 * Histograms over time as an image (TensorBoard-style distribution strip): column = probe,
 * row = histogram bin (high values on top), brightness = fraction of values in the bin,
 * scaled per column so each probe's shape is visible however wide its spread. Pure: returns
 * RGBA pixels for a canvas ImageData.
 */
import type { Histogram, ProbeRecord } from '../../../main/contract/runs/records'
import { formatTick, linearTicks } from '../../../main/contract/charts/axis-scale'
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
  const chosen = strideIndices(probes.length, maxColumns).map((i) => probes[i]!)
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

/** Axis ticks of a histogram strip: y as value and fraction of the height from the top, x as step and column centre. */
export interface StripAxes {
  y: { value: number; top: number }[]
  x: { step: number; left: number }[]
}

/** 1-2-5 value ticks over [lo, hi] and about `xCount` probe columns labelled with their step. */
export function stripAxes(image: HistogramImage, xCount = 5): StripAxes {
  const span = image.hi - image.lo
  const y = linearTicks([image.lo, image.hi], 4).map((value) => ({
    value,
    top: span > 0 ? (image.hi - value) / span : 0.5
  }))
  const x = strideIndices(image.steps.length, xCount).map((i) => ({
    step: image.steps[i]!,
    left: (i + 0.5) / image.width
  }))
  return { y, x }
}

/**
 * What lies outside the strip's fixed range at the newest probe, e.g. "Outside −6…6 at step
 * 1520: 312 values below, 45 above (of 16,384)", or '' when nothing does.
 */
export function outsideNote(hist: Histogram | null, step: number): string {
  if (!hist || hist.underflow + hist.overflow === 0) return ''
  const total = hist.counts.reduce((a, b) => a + b, 0) + hist.underflow + hist.overflow
  const n = (x: number) => x.toLocaleString('en-US')
  return (
    `Outside ${formatTick(hist.lo)}…${formatTick(hist.hi)} at step ${step}: ` +
    `${n(hist.underflow)} values below, ${n(hist.overflow)} above (of ${n(total)}), not drawn.`
  )
}
