/**
 * run-sources.json in userData: the run folders and watched folders the person opened in the
 * Runs view, so they are listed again at the next start (a corrupt file falls back to none).
 */
import { join } from 'node:path'
import { z } from 'zod'
import type { RunSource } from '../contract/runs/run-files'
import { jsonFileStore, type JsonFileStore } from './json-file-store'

const sourcesSchema = z
  .array(z.object({ path: z.string().min(1).max(4096), watch: z.boolean() }).strict())
  .max(100)

export function runSourcesStore(userData: string): JsonFileStore<RunSource[]> {
  return jsonFileStore(join(userData, 'run-sources.json'), sourcesSchema, () => [])
}
