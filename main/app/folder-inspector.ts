/**
 * The Data view's background look at a folder: scan, sample the images for the input shape,
 * and decode every file with the training loader into the decode cache (streamed to the pack,
 * nothing kept in memory), so skipped files and usable counts are known before training and
 * Train starts from the cache. One job at a time: a newer folder choice cancels the older job.
 * sharp decodes on libuv's threads, so the main process's event loop stays free.
 */
import type { DataSpec, InputShape } from '../contract/config/schema'
import type { ShapeDerivation } from '../contract/config/input-shape'
import { loadFolderImageSet, type LoadProgress } from '../data/folder/load-folder'
import { LoadCancelled } from '../data/folder/scan-folder'
import { messageOf } from '../contract/result'
import { INSPECTION_SKIPPED_MAX, type DataInspection } from '../contract/ipc/contract'

export interface InspectRequest {
  root: string
  /** The configured shape; absent: the derived one is used, as training will. */
  inputShape?: InputShape
  data: DataSpec
  seed: number
  cacheDir: string
}

interface Job {
  id: number
  abort: AbortController
  state: DataInspection
}

export interface FolderInspector {
  /** Starts a job for `request`, cancelling the one before; answers its id. */
  start(request: InspectRequest): number
  /** Where job `id` stands; a job replaced by a newer one answers `cancelled`. */
  status(id: number): DataInspection
  /** Cancels the running job, if any (e.g. when the app closes). */
  cancel(): void
}

const noProgress: LoadProgress = { scanned: 0, decoded: 0, skipped: 0, total: null }

export function createFolderInspector(): FolderInspector {
  let current: Job | null = null
  let next = 1

  const run = async (job: Job, request: InspectRequest) => {
    const update = (patch: Partial<DataInspection>) => {
      job.state = { ...job.state, ...patch }
    }
    try {
      const set = await loadFolderImageSet(request.root, {
        ...(request.inputShape ? { inputShape: request.inputShape } : {}),
        data: request.data,
        seed: request.seed,
        cacheDir: request.cacheDir,
        // Stream every record to the cache pack: the main process keeps no pixels.
        memoryBudgetBytes: 0,
        signal: job.abort.signal,
        onProgress: (progress) => update({ progress }),
        onShape: (derivation: ShapeDerivation) => update({ phase: 'decoding', look: derivation })
      })
      update({
        phase: 'done',
        dataset: set.summary,
        skipped: set.skippedAll.slice(0, INSPECTION_SKIPPED_MAX)
      })
    } catch (thrown) {
      if (thrown instanceof LoadCancelled) update({ phase: 'cancelled' })
      else update({ phase: 'failed', error: messageOf(thrown) })
    }
  }

  return {
    start(request) {
      current?.abort.abort()
      const job: Job = {
        id: next++,
        abort: new AbortController(),
        state: {
          jobId: 0,
          phase: 'looking',
          progress: noProgress,
          look: null,
          dataset: null,
          skipped: null,
          error: null
        }
      }
      job.state.jobId = job.id
      current = job
      void run(job, request)
      return job.id
    },
    status(id) {
      if (current?.id === id) return current.state
      return {
        jobId: id,
        phase: 'cancelled',
        progress: noProgress,
        look: null,
        dataset: null,
        skipped: null,
        error: null
      }
    },
    cancel() {
      current?.abort.abort()
    }
  }
}
