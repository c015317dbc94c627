/**
 * A built-in, procedurally generated, seeded image set with 10 learnable classes (bars at four
 * orientations, ring, disk, cross, two dots, horizontal and vertical gratings), drawn at any
 * input shape with jittered position, size and brightness plus Gaussian pixel noise. It is the
 * default data when no folder is given, and what engine tests train on. A split that fits
 * CACHE_BUDGET_FLOATS is drawn in full when the set is made (loading time, so no training step
 * pays for drawing and every `gather` only copies); a larger one is redrawn on every `gather`.
 */
import { makeRng, deriveSeed, type Rng } from '../random/seeded-random'
import type { ImageSet, Split } from './dataset'
import type { DatasetSummary } from '../contract/runs/summary'

/** Brightness of a class's shape at (u, v) ∈ [-1, 1]², in [0, 1], given jitter j. */
type Shape = (u: number, v: number, j: Jitter) => number

interface Jitter {
  dx: number
  dy: number
  /** Half-thickness of strokes, in normalized units. */
  t: number
  /** Radius scale. */
  r: number
}

const soft = (d: number, t: number) => Math.max(0, 1 - Math.abs(d) / t)
const SQRT1_2 = Math.SQRT1_2

const SHAPES: readonly { name: string; draw: Shape }[] = [
  { name: 'horizontal-bar', draw: (u, v, j) => soft(v - j.dy, j.t) },
  { name: 'vertical-bar', draw: (u, v, j) => soft(u - j.dx, j.t) },
  { name: 'rising-diagonal', draw: (u, v, j) => soft((u - j.dx + (v - j.dy)) * SQRT1_2, j.t) },
  { name: 'falling-diagonal', draw: (u, v, j) => soft((u - j.dx - (v - j.dy)) * SQRT1_2, j.t) },
  { name: 'ring', draw: (u, v, j) => soft(Math.hypot(u - j.dx, v - j.dy) - 0.55 * j.r, j.t) },
  { name: 'disk', draw: (u, v, j) => (Math.hypot(u - j.dx, v - j.dy) < 0.45 * j.r ? 1 : 0) },
  { name: 'cross', draw: (u, v, j) => Math.max(soft(u - j.dx, j.t), soft(v - j.dy, j.t)) },
  {
    name: 'two-dots',
    draw: (u, v, j) =>
      Math.hypot(u - j.dx - 0.45, v - j.dy) < 0.3 * j.r ||
      Math.hypot(u - j.dx + 0.45, v - j.dy) < 0.3 * j.r
        ? 1
        : 0
  },
  { name: 'horizontal-grating', draw: (u, v, j) => 0.5 + 0.5 * Math.cos((v - j.dy) * 3 * Math.PI) },
  { name: 'vertical-grating', draw: (u, v, j) => 0.5 + 0.5 * Math.cos((u - j.dx) * 3 * Math.PI) }
]

/** The class names, in label order. */
export const SYNTHETIC_CLASSES: readonly string[] = SHAPES.map((s) => s.name)

/** Pixel noise standard deviation (images are clamped to [0, 1] afterwards). */
const NOISE = 0.15

/** Largest split kept in memory, in floats (128 MiB). */
const CACHE_BUDGET_FLOATS = 32 * 1024 * 1024

/**
 * A seeded synthetic set at `inputShape` ([h, w, c]) with `examplesPerClass` examples per class
 * (default 100), 80% for training and 20% for validation. Labels cycle through the classes.
 */
export function syntheticImageSet(
  inputShape: readonly [number, number, number],
  seed: number,
  examplesPerClass = 100
): ImageSet {
  if (!Number.isInteger(examplesPerClass) || examplesPerClass < 2)
    throw new Error(`Synthetic data needs at least 2 examples per class, got ${examplesPerClass}.`)
  const classes = SHAPES.length
  const valPerClass = Math.max(1, Math.round(examplesPerClass * 0.2))
  const trainPerClass = examplesPerClass - valPerClass
  const shape: [number, number, number] = [inputShape[0], inputShape[1], inputShape[2]]
  const train = syntheticSplit(shape, deriveSeed(seed, 10), trainPerClass * classes)
  const val = syntheticSplit(shape, deriveSeed(seed, 11), valPerClass * classes)
  const counts = (n: number) => Object.fromEntries(SYNTHETIC_CLASSES.map((c) => [c, n]))
  const summary: DatasetSummary = {
    root: 'synthetic',
    classes: [...SYNTHETIC_CLASSES],
    counts: { train: counts(trainPerClass), val: counts(valPerClass) },
    skipped: [],
    inputShape: shape
  }
  return { classes: SYNTHETIC_CLASSES, inputShape: shape, train, val, test: null, summary }
}

function syntheticSplit(shape: [number, number, number], seed: number, count: number): Split {
  const labels = new Int32Array(count)
  for (let i = 0; i < count; i++) labels[i] = i % SHAPES.length
  const size = shape[0] * shape[1] * shape[2]
  const draw = (i: number, out: Float32Array) =>
    drawExample(out, shape, labels[i]!, makeRng(deriveSeed(seed, i)))
  const cache = count * size <= CACHE_BUDGET_FLOATS ? drawAll(count, size, draw) : null
  return {
    count,
    labels,
    async gather(indices, out) {
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!
        if (!(i >= 0 && i < count))
          throw new Error(`Synthetic example ${i} is out of range 0..${count - 1}.`)
        const target = out.subarray(k * size, (k + 1) * size)
        if (cache) target.set(cache.subarray(i * size, (i + 1) * size))
        else draw(i, target)
      }
    }
  }
}

/** Every example of a split drawn once, example i at [i·size, (i+1)·size). Fresh array. */
function drawAll(
  count: number,
  size: number,
  draw: (i: number, out: Float32Array) => void
): Float32Array {
  const all = new Float32Array(count * size)
  for (let i = 0; i < count; i++) draw(i, all.subarray(i * size, (i + 1) * size))
  return all
}

/** Draws one example of class `label` into `out` (length h·w·c, HWC). Mutates `out`. */
function drawExample(
  out: Float32Array,
  [h, w, c]: [number, number, number],
  label: number,
  rng: Rng
): void {
  const jitter: Jitter = {
    dx: (rng() - 0.5) * 0.5,
    dy: (rng() - 0.5) * 0.5,
    t: Math.max(0.18, 2.2 / Math.min(h, w)) * (0.8 + 0.4 * rng()),
    r: 0.8 + 0.4 * rng()
  }
  const brightness = 0.6 + 0.4 * rng()
  const tint = Array.from({ length: c }, () => (c === 1 ? 1 : 0.5 + 0.5 * rng()))
  const shapeOf = SHAPES[label]
  if (shapeOf === undefined)
    throw new Error(`Synthetic class ${label} is not in 0..${SHAPES.length - 1}.`)
  const draw = shapeOf.draw
  for (let y = 0; y < h; y++) {
    const v = ((y + 0.5) / h) * 2 - 1
    for (let x = 0; x < w; x++) {
      const u = ((x + 0.5) / w) * 2 - 1
      const ink = brightness * draw(u, v, jitter)
      for (let ch = 0; ch < c; ch++) {
        const noise = NOISE * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
        out[(y * w + x) * c + ch] = Math.min(1, Math.max(0, ink * tint[ch]! + noise))
      }
    }
  }
}
