/**
 * The layout of a run directory, `<out>/<run-id>/`, shared by the writer, the reader, the store
 * and the exporters. docs/run-format.md documents it for other tools.
 *
 *   config.json     the validated configuration, defaults filled in
 *   summary.json    RunSummary; written atomically at the start (status "running") and at the end
 *   layers.json     LayerInfo[]: static facts of every weighted layer (output layer last)
 *   steps.jsonl     StepRecord, one per optimizer step          (append-only JSON lines)
 *   probes.jsonl    ProbeRecord: steps 0, 1, 2, 4, … then every statsEvery (append-only)
 *   epochs.jsonl    EpochRecord, one per epoch                   (append-only JSON lines)
 *   evaluation.json RunEvaluation (evaluation.ts), written at the end: confusion matrix and per-class
 *                   accuracy on validation (and test), misclassified validation images as PNG
 *                   data URLs (at most 8 per class, 48 in all); absent for diverged runs
 *   weights.json    [{name, shape, offset, length}] index into weights.bin (float32, little-endian)
 *   weights.bin     the trained parameters, written at the end
 *   meta.json       user-editable: {displayName, tags[]} (rename/tag without touching the record)
 *   writer.pid      while a run is being written (removed at finish): {pid, start, host} of the
 *                   writing process, its mtime refreshed every 15 s (writer-stamp.ts); a run whose
 *                   summary says "running" and whose writer is gone, or whose PID now belongs to
 *                   another process, is interrupted
 *
 * JSON lines use json-lines.ts (non-finite numbers as strings; a torn last line is dropped).
 */
export const RUN_FILES = {
  config: 'config.json',
  summary: 'summary.json',
  layers: 'layers.json',
  steps: 'steps.jsonl',
  probes: 'probes.jsonl',
  epochs: 'epochs.jsonl',
  evaluation: 'evaluation.json',
  weightsIndex: 'weights.json',
  weights: 'weights.bin',
  meta: 'meta.json',
  writerPid: 'writer.pid'
} as const

/**
 * The format marker that makes a folder a Trainscape run: summary.json (written at a run's first
 * step by the engine and by trainscape_probe alike) holds a numeric `"format"`. A folder with a
 * config.json but no such summary (a model or dataset folder, say) is not a run, and the store
 * never renames, tags or deletes it. A damaged summary keeps the marker if its text still holds
 * `"format": <n>`, so a run cut off mid-write stays deletable (and the store also takes a
 * writer.pid stamp, written before summary.json, as a run's mark). `text` is summary.json's content.
 * Pure.
 */
export function hasRunMarker(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text)
    return (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { format?: unknown }).format === 'number'
    )
  } catch {
    return /"format"\s*:\s*\d/.test(text.slice(0, 4096))
  }
}

/** The longest run id accepted anywhere (store, IPC contract); makeRunId's are far shorter. */
export const RUN_ID_MAX_LENGTH = 200

/**
 * The one rule for a run id: a plain folder name of letters, digits, `.`, `_`, `-`, starting with
 * a letter or digit (so never hidden), never containing `..`, at most RUN_ID_MAX_LENGTH long.
 */
export function isRunId(id: string): boolean {
  return (
    id.length <= RUN_ID_MAX_LENGTH && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) && !id.includes('..')
  )
}

/** `name` as a file-name piece: ASCII lower case, digits and `-`, at most 40 long; 'run' if empty. */
export function nameSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'run'
  )
}

/** A run id: sortable by start time, safe as a folder name, e.g. `20261127-043512-relu-he-3f9a`. */
export function makeRunId(name: string, at: Date, random: () => number = Math.random): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const stamp =
    `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}-` +
    `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`
  const slug = nameSlug(name)
  const suffix = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, '0')
  return `${stamp}-${slug}-${suffix}`
}

/** A folder of runs kept outside the app's own runs folder (main/runs/store/run-sources.ts). */
export interface RunSource {
  /** The folder's real path. */
  path: string
  /** True: a folder holding run folders, watched for new ones. False: one run folder. */
  watch: boolean
}
