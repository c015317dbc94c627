/**
 * The runs in the runs folder, newest first, from each run's summary.json and meta.json only
 * (cheap: no records are read). A summary still saying `running` whose run is not being
 * written right now lists as `interrupted`, like run-reader.ts reads it.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from '../runs/json-lines'
import { readMeta } from '../runs/run-reader'
import { RUN_FILES } from '../runs/run-files'
import type { RunSummary } from '../runs/summary'
import type { RunListItem } from '../../preload/contract'

/** Every readable run under `runsDir`; folders that are not runs are left out. */
export async function listRuns(runsDir: string, live: ReadonlySet<string>): Promise<RunListItem[]> {
  let names: string[]
  try {
    names = (await readdir(runsDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
  } catch (thrown) {
    if ((thrown as { code?: string }).code === 'ENOENT') return []
    throw thrown
  }
  const items = await Promise.all(names.map((name) => listItem(join(runsDir, name), name, live)))
  return items
    .filter((item): item is RunListItem => item !== null)
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0))
}

async function listItem(
  dir: string,
  id: string,
  live: ReadonlySet<string>
): Promise<RunListItem | null> {
  let summary: RunSummary
  try {
    summary = parse<RunSummary>(await readFile(join(dir, RUN_FILES.summary), 'utf8'))
  } catch {
    return null
  }
  if (summary === null || typeof summary !== 'object' || typeof summary.status !== 'string')
    return null
  const meta = await readMeta(dir)
  const interrupted = summary.status === 'running' && !live.has(id)
  return {
    id,
    name: String(summary.name),
    displayName: meta.displayName ?? String(summary.name),
    tags: meta.tags,
    status: interrupted ? 'interrupted' : summary.status,
    startedAt: String(summary.startedAt),
    endedAt: summary.endedAt ?? null,
    steps: Number(summary.steps) || 0,
    epochs: Number(summary.epochs) || 0,
    backend: String(summary.backend),
    final: summary.final ?? { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null }
  }
}
