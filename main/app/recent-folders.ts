/**
 * The recent-folders list (recent-folders.json in userData): most recent first, no duplicates,
 * at most RECENT_LIMIT entries. Its folders count as the person's own choices (desktop).
 */
import { basename, join } from 'node:path'
import { z } from 'zod'
import { jsonFileStore, type JsonFileStore } from './json-file-store'
import type { RecentFolder } from '../contract/ipc/contract'

export const RECENT_LIMIT = 12

const recentSchema = z
  .array(
    z
      .object({
        path: z.string().min(1).max(4096),
        name: z.string().max(400),
        openedAt: z.string().max(40)
      })
      .strict()
  )
  .max(100)

/** The store in `userData`. */
export function recentFoldersStore(userData: string): JsonFileStore<RecentFolder[]> {
  return jsonFileStore(join(userData, 'recent-folders.json'), recentSchema, () => [])
}

/** `list` with `path` moved (or added) to the front. Does not mutate `list`. */
export function withRecent(list: readonly RecentFolder[], path: string, at: Date): RecentFolder[] {
  const entry = { path, name: basename(path) || path, openedAt: at.toISOString() }
  return [entry, ...list.filter((f) => f.path !== path)].slice(0, RECENT_LIMIT)
}
