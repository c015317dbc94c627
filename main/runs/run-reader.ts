/**
 * Reads a run directory (layout in run-files.ts) into plain data for the store, the findings
 * engine and the exporters. Crash-safe by construction: a torn last JSON line is dropped and
 * flagged, never returned; a run whose summary says "running" but whose writer is gone (killed,
 * crashed, power cut) reads as "interrupted", with the counts and metrics of what was recorded.
 */
import { stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parseRunConfig } from '../contract/config/validate'
import type { RunConfig } from '../contract/config/schema'
import type { NamedTensor } from '../contract/trainer-protocol'
import { MAX_JSON_DEPTH, parse, textNestedDeeperThan, TOO_DEEP } from '../contract/json-lines'
import type { RunEvaluation } from '../contract/runs/evaluation'
import type { EpochRecord, LayerInfo, ProbeRecord, StepRecord } from '../contract/runs/records'
import { RUN_FILES } from '../contract/runs/run-files'
import { summaryProbes } from '../contract/runs/dead-census'
import { MAX_WEIGHTS_BYTES, readRunFileBytes, readRunFileText } from './run-file'
import { evaluationProblems, fileProblems, type RecordFile } from './run-schemas'
import { readRecords, RECORD_CAPS } from './run-records'
import type { Thinning } from './record-thinning'
import { messageOf } from '../contract/result'
import { writerFacts } from './writer-process'
import { parseWriterStamp, writerStampAlive } from './writer-stamp'
import {
  layerSummaries,
  startingSummary,
  type RunMeta,
  type RunSummary
} from '../contract/runs/summary'
import { diagnoseRun } from './diagnosis/diagnose-run'

export type { RunMeta } from '../contract/runs/summary'

export interface RunIntegrity {
  /** Which JSON-lines files ended in a torn (partially written) record that was dropped. */
  tornTail: { steps: boolean; probes: boolean; epochs: boolean }
  /** 1-based numbers of complete lines that were not valid JSON, per file. */
  badLines: { steps: number[]; probes: number[]; epochs: number[] }
  /** Complete lines in each file; more than the records held when a long run was thinned. */
  recorded: { steps: number; probes: number; epochs: number }
  /** The status summary.json holds on disk (null when absent), before any interruption check. */
  storedStatus: RunSummary['status'] | null
  /** The writing process is still alive (the run is genuinely in progress). */
  writerAlive: boolean
  /** Why evaluation.json was left out (damaged, crafted, a link), or null. */
  evaluationError?: string | null
}

export interface RunData {
  dir: string
  id: string
  config: RunConfig
  /** The stored summary, or for an interrupted run one rebuilt from the recorded steps. */
  summary: RunSummary
  layers: LayerInfo[]
  steps: StepRecord[]
  probes: ProbeRecord[]
  epochs: EpochRecord[]
  meta: RunMeta
  integrity: RunIntegrity
  /** evaluation.json: confusion matrices and misclassified images; null when absent or damaged. */
  evaluation?: RunEvaluation | null
}

/** The most bytes read from evaluation.json (48 PNG data URLs of the largest inputs fit). */
export const MAX_EVALUATION_BYTES = 32 * 2 ** 20

export interface ReadRunOptions {
  /** Run ids the caller itself is writing right now (e.g. the app's live run). */
  liveRunIds?: ReadonlySet<string>
  /** How many records of each file to keep at most (run-records.ts RECORD_CAPS by default). */
  caps?: Partial<Record<RecordFile, Thinning>>
}

/** A run file's text, null when absent; refuses links, pipes, devices and oversized files. */
const readText = (path: string) => readRunFileText(path)

async function readJson<T>(dir: string, file: string): Promise<T | null> {
  const text = await readText(join(dir, file))
  if (text === null) return null
  try {
    return parse<T>(text)
  } catch {
    throw new Error(`${join(dir, file)} is not valid JSON; the run folder is damaged.`)
  }
}

/** A JSON-lines file's records, streamed and thinned to the cap; see run-records.ts. */
function readLines<T>(dir: string, file: RecordFile, options: ReadRunOptions) {
  return readRecords<T>(join(dir, RUN_FILES[file]), file, options.caps?.[file] ?? RECORD_CAPS[file])
}

/**
 * evaluation.json when it exists and is one this app can show; otherwise null and why (it is
 * optional and only ever shown, so a damaged or crafted one never keeps the run from opening).
 */
export async function readEvaluation(
  dir: string
): Promise<{ value: RunEvaluation | null; error: string | null }> {
  try {
    const text = await readRunFileText(join(dir, RUN_FILES.evaluation), MAX_EVALUATION_BYTES)
    if (text === null) return { value: null, error: null }
    // Plain JSON: evaluation.json holds no non-finite number, and the reviver would cost seconds
    // on a crafted file of millions of numbers (refused below in any case).
    if (textNestedDeeperThan(text, MAX_JSON_DEPTH))
      return { value: null, error: `${join(dir, RUN_FILES.evaluation)} is ${TOO_DEEP}.` }
    const value: unknown = JSON.parse(text)
    const problems = evaluationProblems(value)
    if (problems.length === 0) return { value: value as RunEvaluation, error: null }
    return {
      value: null,
      error: `${join(dir, RUN_FILES.evaluation)} is left out: ${problems.join('; ')}.`
    }
  } catch (thrown) {
    return { value: null, error: messageOf(thrown) }
  }
}

/**
 * True when run `id` in `dir` is being written now: the caller's own live run, or a writer.pid
 * whose process is alive and is the same process that wrote it (writer-stamp.ts).
 */
export async function writerAlive(
  dir: string,
  id: string,
  options: ReadRunOptions
): Promise<boolean> {
  if (options.liveRunIds?.has(id)) return true
  const path = join(dir, RUN_FILES.writerPid)
  const stamp = parseWriterStamp((await readText(path)) ?? '')
  return stamp !== null && writerStampAlive(stamp, await writerFacts(stamp, path))
}

async function readConfig(dir: string): Promise<RunConfig> {
  const raw = await readJson<unknown>(dir, RUN_FILES.config)
  if (raw === null) {
    const exists = await stat(dir).then(
      (info) => info.isDirectory(),
      () => false
    )
    throw new Error(
      exists
        ? `${dir} is not a run folder: ${RUN_FILES.config} is missing.`
        : `${dir} is not a run folder: there is no such folder, so ${RUN_FILES.config} is missing.`
    )
  }
  const parsed = parseRunConfig(raw)
  if (!parsed.ok) throw new Error(`${join(dir, RUN_FILES.config)}: ${parsed.error}`)
  return parsed.value
}

/** meta.json, or the defaults when absent or unreadable. */
export async function readMeta(dir: string): Promise<RunMeta> {
  const raw = await readJson<Partial<RunMeta>>(dir, RUN_FILES.meta).catch(() => null)
  return {
    displayName: typeof raw?.displayName === 'string' ? raw.displayName : null,
    tags: Array.isArray(raw?.tags) ? raw.tags.filter((t) => typeof t === 'string') : []
  }
}

/**
 * summary.json or layers.json of `dir` checked against its schema (a crafted one would break the
 * views and reports); null when absent. Throws an Error naming the file and its first problems.
 */
async function readChecked<T>(dir: string, file: 'summary' | 'layers'): Promise<T | null> {
  const value = await readJson<unknown>(dir, RUN_FILES[file])
  if (value === null) return null
  const problems = fileProblems(file, value)
  if (problems.length > 0)
    throw new Error(
      `${join(dir, RUN_FILES[file])} is not a run's ${file} file (${problems.join('; ')}); ` +
        `the run folder is damaged.`
    )
  return value as T
}

/** Marks a summary.json that exists but cannot be parsed. */
const DAMAGED: unique symbol = Symbol('damaged summary')

/**
 * Reads everything a run directory holds except the weights. A damaged summary.json is rebuilt
 * from the records (status interrupted, the reason says so). Throws an Error naming the folder
 * when it is not a run (no config.json) or its other JSON files are damaged. Does not write.
 */
export async function readRun(dir: string, options: ReadRunOptions = {}): Promise<RunData> {
  const id = basename(dir)
  const config = await readConfig(dir)
  const [stored, layers, steps, probes, epochs, meta, evaluation] = await Promise.all([
    // A damaged summary is rebuilt from the records below, so the run can still be opened.
    readChecked<RunSummary>(dir, 'summary').catch((): typeof DAMAGED => DAMAGED),
    readChecked<LayerInfo[]>(dir, 'layers'),
    readLines<StepRecord>(dir, 'steps', options),
    readLines<ProbeRecord>(dir, 'probes', options),
    readLines<EpochRecord>(dir, 'epochs', options),
    readMeta(dir),
    readEvaluation(dir)
  ])
  const alive = await writerAlive(dir, id, options)
  const usable = stored === DAMAGED ? null : stored
  const base: RunData = {
    dir,
    id,
    config,
    summary: usable ?? startingSummary(id, config, 'unknown', new Date(0).toISOString()),
    layers: layers ?? [],
    steps: steps.records,
    probes: probes.records,
    epochs: epochs.records,
    meta,
    evaluation: evaluation.value,
    integrity: {
      evaluationError: evaluation.error,
      tornTail: { steps: steps.tornTail, probes: probes.tornTail, epochs: epochs.tornTail },
      badLines: { steps: steps.badLines, probes: probes.badLines, epochs: epochs.badLines },
      recorded: { steps: steps.total, probes: probes.total, epochs: epochs.total },
      storedStatus: usable?.status ?? null,
      writerAlive: alive
    }
  }
  if (stored === DAMAGED) {
    const reason =
      `${join(dir, RUN_FILES.summary)} is damaged; this summary is rebuilt from the ` +
      `${steps.total} recorded steps, so the run's final status is unknown.`
    return { ...base, summary: { ...interruptedSummary(base), reason } }
  }
  const unfinished = base.summary.status === 'running' && !alive
  return withStoredFindings(unfinished ? { ...base, summary: interruptedSummary(base) } : base)
}

/**
 * A summary written by another trainer (python/trainscape_probe) carries no `findings`: they are
 * Trainscape's diagnosis, so they are computed here from the records, the same for every run.
 */
function withStoredFindings(run: RunData): RunData {
  if (Array.isArray(run.summary.findings)) return run
  return { ...run, summary: { ...run.summary, findings: diagnoseRun(run) } }
}

/** The summary of a run whose writer died: what the records show, marked interrupted. */
export function interruptedSummary(run: RunData): RunSummary {
  const lastStep = run.steps.at(-1)
  const lastEpoch = run.epochs.at(-1)
  const recorded = run.integrity.recorded.steps
  return {
    ...run.summary,
    status: 'interrupted',
    reason:
      `The trainer stopped without finishing (killed, crashed or power lost) after ` +
      `${recorded} recorded step${recorded === 1 ? '' : 's'}.`,
    steps: recorded,
    epochs: run.integrity.recorded.epochs,
    final: {
      trainLoss: lastEpoch?.trainLoss ?? lastStep?.loss ?? null,
      trainAcc: lastEpoch?.trainAcc ?? lastStep?.acc ?? null,
      valLoss: lastEpoch?.valLoss ?? null,
      valAcc: lastEpoch?.valAcc ?? null
    },
    layers: layerSummaries(run.layers, ...summaryProbes(run.probes, run.epochs))
  }
}

/**
 * The trained parameters from weights.json + weights.bin (float32 little-endian), or null when
 * the run has none (interrupted before the end). Throws when the two files disagree.
 */
export async function readWeights(dir: string): Promise<NamedTensor[] | null> {
  type Entry = { name: string; shape: number[]; offset: number; length: number }
  const index = await readJson<Entry[]>(dir, RUN_FILES.weightsIndex)
  if (index === null) return null
  const bin = await readRunFileBytes(join(dir, RUN_FILES.weights), MAX_WEIGHTS_BYTES)
  if (bin === null)
    throw new Error(`${join(dir, RUN_FILES.weights)} is missing although weights.json lists it.`)
  return index.map((entry) => {
    const byteOffset = entry.offset * 4
    const byteEnd = byteOffset + entry.length * 4
    if (byteEnd > bin.length) {
      throw new Error(
        `${join(dir, RUN_FILES.weights)} is too short for ${entry.name} ` +
          `(needs ${byteEnd} bytes, has ${bin.length}); the run's weights are damaged.`
      )
    }
    const bytes = bin.subarray(byteOffset, byteEnd)
    const values = new Float32Array(entry.length)
    new Uint8Array(values.buffer).set(bytes)
    return { name: entry.name, shape: entry.shape, values }
  })
}
