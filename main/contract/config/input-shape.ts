/**
 * The rule that turns a folder's images into the model's input shape when the configuration
 * gives none ("a preset describes the net, not the data"). Pure: sizes in, a shape out.
 *
 * Rule: take the median width and the median height of the sampled images. With `cover`
 * resizing (crop to fill, the default) the input is square, its side the smaller median, capped
 * at INPUT_SIDE_CAP pixels. With `letterbox` or `stretch` the median's aspect is kept and the
 * long side is capped at INPUT_SIDE_CAP. Images are never enlarged. Channels are 3 (RGB) when at
 * least COLOUR_FRACTION of the sampled images are colour, else 1 (grey).
 */
import { lowerMedian } from '../median'
import type { InputShape, DataSpec } from './schema'

/** Longest input side derived from a folder, in pixels: keeps training fast on 2 cores. */
export const INPUT_SIDE_CAP = 64
/** Share of colour images from which the input becomes RGB. */
export const COLOUR_FRACTION = 0.1
/** Shape used when nothing can be derived (no usable image, synthetic data). */
export const DEFAULT_INPUT_SHAPE: InputShape = [28, 28, 1]

/** One sampled image: its size after EXIF orientation, and whether its pixels carry colour. */
export interface ImageLook {
  width: number
  height: number
  colour: boolean
}

/** Sizes seen in a sample, for the Data view: [width, height] pairs. */
export interface SizeSpread {
  min: [number, number]
  median: [number, number]
  max: [number, number]
}

export interface ShapeDerivation {
  shape: InputShape
  /** Images the rule looked at (a sample of at most SHAPE_SAMPLE), and how many were colour. */
  sampled: number
  colour: number
  sizes: SizeSpread | null
}

/** Min, median and max width and height of `looks`; null when empty. Does not mutate. */
export function sizeSpread(looks: readonly ImageLook[]): SizeSpread | null {
  if (looks.length === 0) return null
  const w = looks.map((l) => l.width)
  const h = looks.map((l) => l.height)
  return {
    min: [Math.min(...w), Math.min(...h)],
    median: [lowerMedian(w), lowerMedian(h)],
    max: [Math.max(...w), Math.max(...h)]
  }
}

/** The input shape for `looks` under `resize` (see the module header). Does not mutate. */
export function deriveInputShape(
  looks: readonly ImageLook[],
  resize: DataSpec['resize']
): ShapeDerivation {
  const sizes = sizeSpread(looks)
  const colour = looks.filter((l) => l.colour).length
  if (sizes === null) return { shape: [...DEFAULT_INPUT_SHAPE], sampled: 0, colour, sizes }
  const channels = colour >= COLOUR_FRACTION * looks.length ? 3 : 1
  const [w, h] = sizes.median
  let height: number
  let width: number
  if (resize === 'cover') {
    height = width = Math.min(INPUT_SIDE_CAP, w, h)
  } else {
    const scale = Math.min(1, INPUT_SIDE_CAP / Math.max(w, h))
    height = Math.max(1, Math.round(h * scale))
    width = Math.max(1, Math.round(w * scale))
  }
  return { shape: [height, width, channels], sampled: looks.length, colour, sizes }
}

/** "32×32×3" */
export const shapeText = (shape: readonly number[]): string => shape.join('×')
