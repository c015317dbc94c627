/**
 * Runs kept outside the app's own runs folder: run folders opened one by one ("Open run
 * folder…", e.g. a PyTorch run written by python/trainscape_probe) and folders of runs that are
 * watched ("Watch folder…", e.g. a synced folder a remote GPU job writes to, where new runs appear
 * by themselves). The history lists them beside the app's runs; a run id is found in the app's
 * runs folder first, then in these sources. Paths reaching here are real, absolute and already
 * allowed by the caller (main/app/handlers/source-handlers.ts).
 */
import { stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ReadRunOptions } from '../run-reader'
import { RUN_FILES, type RunSource } from '../../contract/runs/run-files'
import { checkRunId, listRuns, type ListedRun } from './run-store'

export type { RunSource }

export interface RunSources {
  list(): RunSource[]
  /** Adds `path` (a run folder, or a folder of runs); returns the new list. Throws saying why not. */
  add(path: string): Promise<RunSource[]>
  remove(path: string): Promise<RunSource[]>
  /** The app's runs and every source's, newest first, each id once. */
  listAll(options: ReadRunOptions): Promise<ListedRun[]>
  /** The folder holding run `id` (its parent); the app's runs folder when no source has it, so
   *  the store's messages about a missing run stay as they were. Throws on a bad id. */
  rootOf(id: string): Promise<string>
  /** What rootOf last found for `id`, without touching the disk (null if never asked). */
  knownRoot(id: string): string | null
}

const isRunFolder = (dir: string) =>
  stat(join(dir, RUN_FILES.config)).then(
    (s) => s.isFile(),
    () => false
  )

/** The sources of one app: `runsDir` is its own runs folder; `save` persists the list. */
export function createRunSources(
  runsDir: string,
  initial: readonly RunSource[] = [],
  save: (list: RunSource[]) => Promise<void> = async () => {}
): RunSources {
  let sources = [...initial]
  const known = new Map<string, string>()
  const rootOfSource = (s: RunSource) => (s.watch ? s.path : dirname(s.path))
  return {
    list: () => [...sources],
    async add(path) {
      if (path === runsDir)
        throw new Error(`${path} is the app's own runs folder; its runs are listed already.`)
      const source = { path, watch: !(await isRunFolder(path)) }
      sources = [...sources.filter((s) => s.path !== path), source]
      await save(sources)
      return [...sources]
    },
    async remove(path) {
      sources = sources.filter((s) => s.path !== path)
      await save(sources)
      return [...sources]
    },
    async listAll(options) {
      const lists = await Promise.all([
        listRuns(runsDir, options),
        ...sources.map(async (s) =>
          (await listRuns(rootOfSource(s), options)).filter(
            (r) => s.watch || (r.ok ? r.run.id : r.id) === basename(s.path)
          )
        )
      ])
      const seen = new Set<string>()
      const idOf = (r: ListedRun) => (r.ok ? r.run.id : r.id)
      return lists
        .flat()
        .filter((r) => !seen.has(idOf(r)) && seen.add(idOf(r)))
        .sort((a, b) => (idOf(a) < idOf(b) ? 1 : idOf(a) > idOf(b) ? -1 : 0))
    },
    async rootOf(id) {
      checkRunId(id)
      for (const root of [runsDir, ...sources.map(rootOfSource)]) {
        if (await isRunFolder(join(root, id))) {
          known.set(id, root)
          return root
        }
      }
      return runsDir // found nowhere: the store's own messages say so for the app's runs folder
    },
    knownRoot: (id) => known.get(id) ?? null
  }
}
