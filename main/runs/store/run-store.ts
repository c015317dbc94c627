/**
 * The run history on disk: every run is a folder under one root (run-files.ts). Lists, opens,
 * renames and tags (meta.json only, never the record), deletes, hands back a run's config to
 * run it again, and recovers runs whose trainer died (summary rewritten as "interrupted").
 * Run ids from callers are checked to be plain folder names before any path is built, and a
 * run folder, or an entry in it, that is a symbolic link is refused (contained-path.ts).
 */
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { configChanges } from '../../contract/config/config-diff'
import { presetConfig } from '../../config/presets'
import type { RunConfig } from '../../contract/config/schema'
import { parseRunConfig } from '../../contract/config/validate'
import { messageOf } from '../../contract/result'
import { diagnoseRun } from '../diagnosis/diagnose-run'
import { writeFileAtomic } from '../../files/atomic-write'
import { readRunFileText } from '../run-file'
import { fileProblems } from '../run-schemas'
import { parseWriterStamp } from '../writer-stamp'
import { containedPath } from './contained-path'
import { parse, stringify } from '../../contract/json-lines'
import { hasRunMarker, isRunId, RUN_FILES } from '../../contract/runs/run-files'
import {
  readMeta,
  readRun,
  writerAlive,
  type ReadRunOptions,
  type RunData,
  type RunMeta
} from '../run-reader'
import type { RunListItem } from '../../contract/ipc/contract'
import type {
  Finding,
  ForkOf,
  RunSummary
} from '../../contract/runs/summary'

/**
 * One run of the history as the store lists it (from summary.json and meta.json only): the UI's
 * row, RunListItem, without `damage` (a listing that could be read has none) and with the folder
 * the run lives in. A "running" run whose writer is gone lists as "interrupted".
 */
export interface RunListing extends Omit<RunListItem, 'damage'> {
  dir: string
}

export type ListedRun =
  { ok: true; run: RunListing } | { ok: false; id: string; dir: string; error: string }

const MAX_TAG_LENGTH = 40
const MAX_NAME_LENGTH = 100

/** Throws unless `id` is a plain folder name (no separators, not `.`/`..`, not hidden). */
export function checkRunId(id: string): string {
  if (!isRunId(id)) {
    throw new Error(
      `"${id}" is not a run id (expected a folder name like 20261127-043512-relu-he-3f9a).`
    )
  }
  return id
}

/** The folder of run `id` under `root`, after checking the id. */
export function runDir(root: string, id: string): string {
  return join(root, checkRunId(id))
}

const INTERRUPTED_REASON =
  'The trainer stopped without finishing (killed, crashed or power lost); ' +
  'the counts are those of the last saved summary.'

/**
 * The listing of the run in `dir` from its summary.json and meta.json, without reading its
 * records (a run without summary.json yet is read in full, which is then cheap). Throws when
 * summary.json is damaged. Does not write.
 */
async function listingOf(dir: string, id: string, options: ReadRunOptions): Promise<RunListing> {
  const text = await readRunFileText(join(dir, RUN_FILES.summary))
  let summary: RunSummary
  let meta: RunMeta
  // Without stored findings (a run written by another trainer) the records are read to diagnose it.
  const summaryOnly = text === null ? null : parseSummary(text, dir)
  if (summaryOnly === null || !Array.isArray(summaryOnly.findings)) {
    const run = await readRun(dir, options)
    // Read in full anyway: a run still being written lists the steps recorded so far.
    const running = run.summary.status === 'running'
    summary = running
      ? { ...run.summary, steps: run.integrity.recorded.steps, epochs: run.integrity.recorded.epochs }
      : run.summary
    meta = run.meta
  } else {
    summary = summaryOnly
    meta = await readMeta(dir)
  }
  const interrupted = summary.status === 'running' && !(await writerAlive(dir, id, options))
  const fromPreset = await presetChanges(dir)
  return {
    id,
    dir,
    name: String(summary.name),
    displayName: meta.displayName ?? String(summary.name),
    tags: meta.tags,
    status: interrupted ? 'interrupted' : summary.status,
    reason: interrupted ? (summary.reason ?? INTERRUPTED_REASON) : summary.reason,
    startedAt: String(summary.startedAt),
    endedAt: summary.endedAt ?? null,
    steps: Number(summary.steps) || 0,
    epochs: Number(summary.epochs) || 0,
    backend: String(summary.backend),
    final: summary.final ?? { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null },
    findings: Array.isArray(summary.findings) ? summary.findings.map((f) => f.code) : [],
    datasetRoot: typeof summary.dataset?.root === 'string' ? summary.dataset.root : null,
    forkOf: isForkOf(summary.forkOf) ? summary.forkOf : null,
    ...fromPreset
  }
}

/** The preset run `dir`'s config is named after and what it changed; nulls when none or unreadable. */
async function presetChanges(
  dir: string
): Promise<Pick<RunListing, 'preset' | 'changes' | 'configDiffers'>> {
  const none = { preset: null, changes: null, configDiffers: null }
  const text = await readRunFileText(join(dir, RUN_FILES.config)).catch(() => null)
  if (text === null) return none
  let parsed: ReturnType<typeof parseRunConfig>
  try {
    parsed = parseRunConfig(parse<unknown>(text))
  } catch {
    return none
  }
  if (!parsed.ok) return none
  const configDiffers = differences(parsed.value)
  const base = presetConfig(parsed.value.name)
  if (!base) return { ...none, configDiffers }
  return { preset: parsed.value.name, changes: configChanges(parsed.value, base), configDiffers }
}

/** A translated config's differences from the model that trained; null when it is exact. */
function differences(config: RunConfig): string[] | null {
  const translation = config.source?.translation
  return translation && !translation.exact ? translation.differences : null
}

function parseSummary(text: string, dir: string): RunSummary {
  let summary: RunSummary | null = null
  try {
    summary = parse<RunSummary>(text)
  } catch {
    // reported below
  }
  const problems = summary === null ? ['not JSON'] : fileProblems('summary', summary)
  if (problems.length > 0)
    throw new Error(
      `${join(dir, RUN_FILES.summary)} is not a run summary (${problems.join('; ')}); ` +
        `the run folder is damaged.`
    )
  return summary!
}

/**
 * Every run under `root`, newest first, read cheaply (summary.json + meta.json per run, no
 * records); folders without config.json are skipped, damaged runs are listed with the reason.
 * A missing root is an empty history. Does not write.
 */
export async function listRuns(root: string, options: ReadRunOptions = {}): Promise<ListedRun[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(
    (thrown: { code?: string }) => {
      if (thrown.code === 'ENOENT') return []
      throw new Error(`Cannot read the runs folder ${root}: ${messageOf(thrown)}`)
    }
  )
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name)
  const listed = await Promise.all(
    dirs.map(async (id): Promise<ListedRun | null> => {
      const dir = join(root, id)
      const isRun = await stat(join(dir, RUN_FILES.config)).then(
        () => true,
        () => false
      )
      if (!isRun) return null
      try {
        await checkRunMarker(dir)
        return { ok: true, run: await listingOf(dir, id, options) }
      } catch (thrown) {
        return { ok: false, id, dir, error: messageOf(thrown) }
      }
    })
  )
  const runs = listed.filter((r): r is ListedRun => r !== null)
  const idOf = (r: ListedRun) => (r.ok ? r.run.id : r.id)
  return runs.sort((a, b) => (idOf(a) < idOf(b) ? 1 : idOf(a) > idOf(b) ? -1 : 0))
}

/** Reads run `id` under `root` with its findings computed from its records. */
export async function openRun(
  root: string,
  id: string,
  options: ReadRunOptions = {}
): Promise<RunData> {
  const run = await readRun(await containedPath(root, runDir(root, id)), options)
  const findings = withStoredCauses(diagnoseRun(run), run.summary.findings)
  return { ...run, summary: { ...run.summary, findings } }
}

/**
 * `fresh` findings with the cause and fix of the stored finding of the same code kept where the
 * fresh one has none (a run diagnosed at finish by rules that wrote them). Pure.
 */
export function withStoredCauses(fresh: Finding[], stored: readonly Finding[] | undefined): Finding[] {
  if (!Array.isArray(stored)) return fresh
  return fresh.map((finding) => {
    const old = stored.find((f) => f.code === finding.code)
    if (!old) return finding
    return {
      ...finding,
      ...(finding.cause === undefined && old.cause ? { cause: old.cause } : {}),
      ...(finding.fix === undefined && old.fix ? { fix: old.fix } : {})
    }
  })
}

/** A forkOf as the format describes it (a summary on disk may hold anything). */
function isForkOf(value: unknown): value is ForkOf {
  const f = value as Partial<ForkOf> | null | undefined
  return (
    typeof f?.run === 'string' &&
    Array.isArray(f.changes) &&
    Array.isArray(f.words) &&
    Array.isArray(f.reinitialized) &&
    Array.isArray(f.notes)
  )
}

async function writeMeta(root: string, dir: string, meta: RunMeta): Promise<RunMeta> {
  const path = await containedPath(root, join(dir, RUN_FILES.meta))
  await writeFileAtomic(path, `${stringify(meta, 2)}\n`)
  return meta
}

/**
 * Throws unless the folder `dir` carries the run format marker (hasRunMarker) or a writer.pid
 * stamp, which the writers create before summary.json: renaming,
 * tagging and deleting touch only what Trainscape wrote, never a model or dataset folder that
 * happens to hold a config.json. Reads summary.json only.
 */
export async function checkRunMarker(dir: string): Promise<void> {
  const notRun = (why: string) =>
    new Error(
      `${dir} is not a Trainscape run (${why}); Trainscape lists it but never changes or ` +
        `deletes it. Remove it yourself if it is yours to remove.`
    )
  // A writer killed between config.json and summary.json left its writer.pid: still a run.
  const stamp = await readRunFileText(join(dir, RUN_FILES.writerPid)).catch(() => null)
  if (stamp !== null && parseWriterStamp(stamp) !== null) return
  let text: string | null
  try {
    text = await readRunFileText(join(dir, RUN_FILES.summary))
  } catch (thrown) {
    throw notRun(messageOf(thrown))
  }
  if (text === null) throw notRun(`it has no ${RUN_FILES.summary}`)
  if (!hasRunMarker(text)) throw notRun(`its ${RUN_FILES.summary} has no "format" marker`)
}

/** Sets the name shown for run `id` (empty resets to the config's name). Returns the new meta. */
export async function renameRun(root: string, id: string, displayName: string): Promise<RunMeta> {
  const dir = runDir(root, id)
  await readRun(dir)
  await checkRunMarker(dir)
  const name = displayName.trim()
  if (name.length > MAX_NAME_LENGTH)
    throw new Error(
      `A run name can have at most ${MAX_NAME_LENGTH} characters (got ${name.length}).`
    )
  return writeMeta(root, dir, { ...(await readMeta(dir)), displayName: name === '' ? null : name })
}

/** Replaces run `id`'s tags (trimmed, de-duplicated, empty ones dropped). Returns the new meta. */
export async function tagRun(root: string, id: string, tags: readonly string[]): Promise<RunMeta> {
  const dir = runDir(root, id)
  await readRun(dir)
  await checkRunMarker(dir)
  const clean = [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))]
  const long = clean.find((t) => t.length > MAX_TAG_LENGTH)
  if (long)
    throw new Error(`The tag "${long.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters.`)
  return writeMeta(root, dir, { ...(await readMeta(dir)), tags: clean })
}

/**
 * Deletes run `id` and all its files, damaged ones included (so a run whose summary is torn can
 * still be removed). Refuses a folder without config.json or without the run format marker
 * (checkRunMarker), and a run still being written.
 */
export async function deleteRun(
  root: string,
  id: string,
  options: ReadRunOptions = {}
): Promise<void> {
  const dir = await containedPath(root, runDir(root, id))
  const isRun = await stat(join(dir, RUN_FILES.config)).then(
    () => true,
    () => false
  )
  if (!isRun) throw new Error(`There is no run ${id} in ${root}.`)
  await checkRunMarker(dir)
  if (await writerAlive(dir, id, options))
    throw new Error(`Run ${id} is still training; stop it before deleting it.`)
  await rm(dir, { recursive: true })
}

/** The validated configuration of run `id`, to train it again (a new run, a new id). */
export async function rerunConfig(root: string, id: string): Promise<RunConfig> {
  const config = (await readRun(await containedPath(root, runDir(root, id)))).config
  const differs = differences(config)
  if (differs)
    throw new Error(
      `Run ${id}'s config.json is not the model that trained it, so it cannot be loaded or ` +
        `re-run: ${differs.slice(0, 3).join('; ')}${differs.length > 3 ? '; …' : ''}.`
    )
  return config
}

/**
 * Rewrites summary.json of every run under `root` whose writer died as status "interrupted",
 * with counts, final metrics, layer snapshots and findings from what was recorded, and removes
 * the stale writer.pid. Returns the recovered run ids. Idempotent.
 */
export async function recoverInterrupted(
  root: string,
  options: ReadRunOptions = {}
): Promise<string[]> {
  const recovered: string[] = []
  for (const listed of await listRuns(root, options)) {
    if (!listed.ok || listed.run.status !== 'interrupted') continue
    const run = await readRun(listed.run.dir, options)
    const summary = { ...run.summary, findings: diagnoseRun(run) }
    if (run.integrity.storedStatus === 'interrupted') continue
    const summaryPath = await containedPath(root, join(run.dir, RUN_FILES.summary))
    await writeFileAtomic(summaryPath, `${stringify(summary, 2)}\n`)
    await rm(await containedPath(root, join(run.dir, RUN_FILES.writerPid)), { force: true })
    recovered.push(run.id)
  }
  return recovered
}

/**
 * Findings of the run in `dir` judged with the given terminal facts (and dataset, when given:
 * the writer's summary.json on disk may predate it): for the run writer at finish, which knows
 * the end status before summary.json is final. Reads; does not write.
 */
export async function diagnoseRunDir(
  dir: string,
  end: Pick<RunSummary, 'status' | 'divergedAt' | 'divergedLayer'> &
    Partial<Pick<RunSummary, 'dataset'>>
): Promise<Finding[]> {
  const run = await readRun(dir)
  return diagnoseRun({
    ...run,
    summary: {
      status: end.status,
      divergedAt: end.divergedAt,
      divergedLayer: end.divergedLayer,
      dataset: end.dataset ?? run.summary.dataset
    }
  })
}
