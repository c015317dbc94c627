/**
 * The ImageSet a request's data source names: the built-in synthetic set, the bundled sample,
 * or a user's folder (through the data loader, whose progress goes to `onProgress` — the
 * trainer turns it into `loading` events — and which is cancelled when a stop is requested).
 */
import type { RunConfig } from '../contract/config/schema'
import type { ImageSet } from './dataset'
import { DEFAULT_INPUT_SHAPE } from '../contract/config/input-shape'
import { normalizationOf, withNormalization } from './normalization'
import { syntheticImageSet } from './synthetic'
import type { DataSource } from '../contract/config/data-source'
import type { LoadProgress } from './folder/load-folder'

/**
 * Loads the examples `source` names at the config's input shape, or when it has none at the
 * shape the folder's images suggest (synthetic data: 28×28×1). Throws a readable Error.
 */
export async function loadImageSet(
  source: DataSource,
  config: RunConfig,
  onProgress: (progress: LoadProgress) => void,
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
  const { loadFolderImageSet } = await import('./folder/load-folder')
  const root =
    source.kind === 'sample' ? (await import('./folder/sample')).sampleDatasetRoot() : source.path
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
      onProgress,
      signal: cancel.signal
    })
  } finally {
    clearInterval(watch)
  }
}

/** How often a running load checks for a stop request, in milliseconds. */
const STOP_POLL_MS = 100
