/**
 * What the Runs view says about folders opened beside the app's runs (main/runs/store/
 * run-sources.ts), and how often it looks again for new runs in them. Pure.
 */
import type { RunSource } from '../../../main/contract/ipc/contract'

/** While any folder is opened, the run list is read again this often (ms) to show new runs. */
export const SOURCES_REFRESH_MS = 2000

/** One line per source: the folder and what it is. */
export function sourceLine(source: RunSource): string {
  return source.watch
    ? `${source.path} — watched: new runs written here appear by themselves`
    : `${source.path} — one run (updates live while it is written)`
}

/** The answer to adding a folder, in words. */
export function addedLine(added: RunSource | null): string | null {
  if (added === null) return null
  return added.watch
    ? `Watching ${added.path}: its runs are listed, and new ones appear within seconds.`
    : `Opened the run ${added.path}.`
}

/** The text field's value as a path to send, or an error saying what to type. */
export function typedPath(text: string): { path: string } | { error: string } {
  const path = text.trim()
  if (path === '') return { error: 'Type the folder of a run, or of runs, e.g. /data/runs.' }
  if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path))
    return { error: `"${path}" is not an absolute path; type the full path, starting with /.` }
  return { path }
}
