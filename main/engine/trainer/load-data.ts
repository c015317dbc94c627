/**
 * The ImageSet a request's data source names: the built-in synthetic set, the bundled sample,
 * or a user's folder (through the data loader, whose progress becomes `loading` events and
 * which is cancelled when a stop is requested while it runs).
 */
import type { RunConfig } from '../../config/schema'
import type { ImageSet } from '../../data/dataset'
import { DEFAULT_INPUT_SHAPE } from '../../data/folder/input-shape'
import { normalizationOf, withNormalization } from '../../data/normalization'
import { syntheticImageSet } from '../../data/synthetic'
import type { DataSource, TrainEvent } from '../protocol'

/**
 * Loads the examples `source` names at the config's input shape, or when it has none at the
 * shape the folder's images suggest (synthetic data: 28×28×1). Throws a readable Error.
 */
export async function loadImageSet(
  source: DataSource,
  config: RunConfig,
  emit: (event: TrainEvent) => void,
  stopRequested: () => boolean,
  cacheDir?: string
): Promise<ImageSet> {
  const inputShape = config.model.inputShape
  if (source.kind === 'synthetic') {
    const set = syntheticImageSet(
      inputShape ?? DEFAULT_INPUT_SHAPE,
      config.training.seed,
      source.examplesPerClass
    )
    return withNormalization(set, await normalizationOf(set, config.data.normalize))
  }
  const { loadFolderImageSet } = await import('../../data/folder/load-folder')
  const root =
    source.kind === 'sample'
      ? (await import('../../data/folder/sample')).sampleDatasetRoot()
      : source.path
  const cancel = new AbortController()
  const watch = setInterval(() => {
    if (stopRequested()) cancel.abort()
  }, STOP_POLL_MS)
  try {
    return await loadFolderImageSet(root, {
      ...(inputShape ? { inputShape: [...inputShape] } : {}),
      data: config.data,
      seed: config.training.seed,
      ...(cacheDir ? { cacheDir } : {}),
      onProgress: (p) => emit({ type: 'loading', ...p }),
      signal: cancel.signal
    })
  } finally {
    clearInterval(watch)
  }
}

/** How often a running load checks for a stop request, in milliseconds. */
const STOP_POLL_MS = 100
