/**
 * A run's data in words, shared by the app and the report so both say the same: where the data
 * came from, and how inputs were normalized. A run written by another program (a PyTorch script
 * through python/trainscape_probe) has no image folder and prepares its own inputs, so its
 * words say what the script told Trainscape, and "not known" where it told nothing, instead of
 * an empty folder name or a claim about normalization it cannot know. Pure.
 */
import type { DatasetSummary, InputNormalization } from './summary'

/** The program that wrote a run with this backend, when it is not Trainscape's own engine. */
export function externalWriter(backend: string | null | undefined): string | null {
  return backend === 'pytorch' ? 'PyTorch' : null
}

/** "~/images/flowers", "CIFAR-10", or "not named by the PyTorch script". */
export function dataSourceText(
  dataset: Pick<DatasetSummary, 'root' | 'name'>,
  backend: string | null | undefined
): string {
  if (dataset.name) return dataset.name
  if (dataset.root !== '') return dataset.root
  const writer = externalWriter(backend)
  return writer ? `not named by the ${writer} script` : 'not recorded'
}

/** "3 splits: train 50,000, val 5,000, test 5,000 examples", or '' when no counts were given. */
export function splitCountsText(counts: DatasetSummary['counts']): string {
  const splits = Object.entries(counts).map(
    ([split, perClass]) =>
      `${split} ${Object.values(perClass)
        .reduce((a, b) => a + b, 0)
        .toLocaleString('en-US')}`
  )
  return splits.length ? `${splits.join(', ')} examples` : ''
}

const fixed = (v: number): string => v.toFixed(3)

/** "0.286" for one channel, "0.491 / 0.482 / 0.447 (R / G / B)" for three. */
function perChannel(values: readonly number[]): string {
  const text = values.map(fixed).join(' / ')
  return values.length === 3 ? `${text} (R / G / B)` : text
}

/** "0.012 to 0.954, average 0.286": the spread of a per-pixel statistic. */
function perPixel(values: readonly number[]): string {
  let [lo, hi, sum] = [Infinity, -Infinity, 0]
  for (const v of values) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
    sum += v
  }
  return `${fixed(lo)} to ${fixed(hi)}, average ${fixed(sum / Math.max(values.length, 1))}`
}

/**
 * "mean 0.286, std 0.353" (per channel); for a per-pixel normalization (one value per pixel and
 * channel) the range and average of each: "mean image 0.012 to 0.954, average 0.286; std …".
 */
export function statsWords(
  n: Pick<InputNormalization, 'mean' | 'std'> & { mode?: InputNormalization['mode'] }
): string {
  if (n.mode === 'per-pixel')
    return `mean image ${perPixel(n.mean)}; std ${perPixel(n.std)} (${n.mean.length} values each)`
  return `mean ${perChannel(n.mean)}, std ${perChannel(n.std)}`
}

/**
 * A run's input normalization as its summary records it. Engine runs before normalization
 * existed recorded none (they saw byte / 255); an external run without one simply was not told.
 */
export function normalizationWords(
  n: InputNormalization | undefined,
  backend: string | null | undefined = null
): string {
  const writer = externalWriter(backend)
  if (!n && writer) {
    return (
      `not known: the ${writer} script prepares its own inputs ` +
      '(pass mean and std in Probe(dataset=…) to record them)'
    )
  }
  if (!n) return 'not recorded (the run predates input normalization: pixels as byte / 255)'
  if (n.mode === 'none') return 'none (pixels as byte / 255, in [0, 1])'
  const by = writer ? `the ${writer} script's` : "the training split's"
  const per = n.mode === 'per-pixel' ? 'pixel' : 'channel'
  return `standardized per ${per} with ${by} ${statsWords(n)}`
}
