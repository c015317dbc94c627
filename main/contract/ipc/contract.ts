/**
 * The one IPC contract between the UI and the Node side, used unchanged by Electron IPC and by
 * the browser-mode WebSocket. For every channel in channels.ts: a zod schema for the request
 * (main parses every message with it; the renderer's argument type is its input type) and the
 * response type (always wrapped in Result). Everything else is derived from here:
 * preload's API type (preload-api.ts), main's handler map (main/app/dispatch.ts), the UI's HostApi.
 * Pure: zod and types only.
 */
import { z } from 'zod'
import { augmentationSchema, dataSchema, inputShapeSchema, type RunConfig } from '../config/schema'
import type { ConfigProblem } from '../config/validate'
import { BACKEND_CHOICES, type BackendChoice, type TrainEvent } from '../trainer-protocol'
import { dataSourceSchema, pathSchema } from '../config/data-source'
import { EXPORT_FORMATS, type ExportFormat } from '../runs/export-formats'
import type { Result } from '../result'
import type { EpochRecord, LayerInfo, ProbeRecord, StepRecord } from '../runs/records'
import type { ShapeDerivation } from '../config/input-shape'
import type { RunEvaluation } from '../runs/evaluation'
import type {
  DatasetSummary,
  FinalMetrics,
  Finding,
  ForkOf,
  RunMeta,
  RunStatus,
  RunSummary
} from '../runs/summary'
import { isRunId, RUN_ID_MAX_LENGTH, type RunSource } from '../runs/run-files'
import type { InvokeChannel } from './channels'
import { claimSeedsSchema } from './claims'
import type { ClaimsJob, ClaimsStatus } from './claims'

export { dataSourceSchema, pathSchema, EXPORT_FORMATS, type ExportFormat }
export { INVOKE_CHANNELS, PUSH_CHANNELS, isInvokeChannel } from './channels'
export type { InvokeChannel, PushChannel } from './channels'

// ---------------------------------------------------------------- shared request pieces

/** A run id as makeRunId writes it: a plain folder name, never a path. */
export const runIdSchema = z
  .string()
  .max(RUN_ID_MAX_LENGTH)
  .refine(isRunId, 'is not a run id (letters, digits, . _ - only)')

/** Image sources the UI can point at (synthetic data needs no scanning). */
export const imageSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sample') }).strict(),
  z.object({ kind: z.literal('folder'), path: pathSchema }).strict()
])
export type ImageSource = z.infer<typeof imageSourceSchema>

export const THEMES = ['system', 'light', 'dark'] as const

/** 1 to 8: the most the multi-threaded WebAssembly build starts (MAX_WASM_THREADS). */
const wasmThreadsSchema = z.number().int().min(1).max(8)

/** Persisted user settings (settings.json); every field has a default. */
export const settingsSchema = z
  .object({
    backend: z.enum(BACKEND_CHOICES).default('auto'),
    /** Threads the wasm backend trains with; null: one per core (main/engine/backends/thread-count.ts). */
    threads: wasmThreadsSchema.nullable().default(null),
    theme: z.enum(THEMES).default('system'),
    /** Fewer animations in the 3D view and charts. */
    reducedMotion: z.boolean().default(false),
    /** Id of the preset the person last picked, to preselect it at the next start. */
    lastPreset: z.string().max(200).nullable().default(null),
    /**
     * The image source last opened, to open again after a reload or restart (a folder that is
     * gone is then said so, never replaced by the sample). Null: the bundled sample.
     */
    lastSource: imageSourceSchema.nullable().default(null)
  })
  .strict()
export type Settings = z.infer<typeof settingsSchema>

const settingsPatchSchema = z
  .object({
    backend: z.enum(BACKEND_CHOICES).optional(),
    threads: wasmThreadsSchema.nullable().optional(),
    theme: z.enum(THEMES).optional(),
    reducedMotion: z.boolean().optional(),
    lastPreset: z.string().max(200).nullable().optional(),
    lastSource: imageSourceSchema.nullable().optional()
  })
  .strict()

const none = z.undefined()
/** A training seed, as training.seed takes it. */
const seedSchema = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .default(1)
const runRef = z.object({ runId: runIdSchema }).strict()

/** One config change of a fork: a dotted path and a JSON scalar (summary.ts ConfigChange). */
export const configChangeSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9_.]+$/, 'must be a dotted path such as training.optimizer.learningRate'),
    value: z.union([z.string().max(200), z.number(), z.boolean(), z.null()])
  })
  .strict()

// ---------------------------------------------------------------- requests

export const requestSchemas = {
  'app:info': none,
  'settings:get': none,
  /** Changes only the fields given; answers the full settings after the change. */
  'settings:set': settingsPatchSchema,
  /** Native folder dialog (desktop only). */
  'data:open-dialog': none,
  /** A folder the person dropped on the window; its path came from the preload. */
  'data:drop': z.object({ path: pathSchema }).strict(),
  'data:recent': none,
  /** Lists the sub-folders of `path`, or the allowed roots when `path` is absent. */
  'data:browse': z.object({ path: pathSchema.optional() }).strict(),
  'data:scan': z.object({ source: imageSourceSchema }).strict(),
  'data:thumbnails': z
    .object({
      source: imageSourceSchema,
      perClass: z.number().int().min(1).max(32).default(6),
      /** Edge of the square thumbnail, in pixels. */
      size: z.number().int().min(16).max(256).default(64)
    })
    .strict(),
  'data:augment-preview': z
    .object({
      source: imageSourceSchema,
      augmentation: augmentationSchema,
      /** Originals drawn from the training split. */
      images: z.number().int().min(1).max(16).default(4),
      /** Augmented versions of each original. */
      variants: z.number().int().min(1).max(16).default(6),
      size: z.number().int().min(16).max(256).default(96),
      seed: seedSchema
    })
    .strict(),
  /**
   * Decodes the source in the background with the training loader (into the decode cache),
   * at the configured input shape or the one derived from the images; a newer call cancels
   * the older. Answers the job id to poll with data:inspect-progress.
   */
  'data:inspect': z
    .object({
      source: imageSourceSchema,
      inputShape: inputShapeSchema.optional(),
      data: dataSchema.default(dataSchema.parse({})),
      seed: seedSchema
    })
    .strict(),
  'data:inspect-progress': z.object({ jobId: z.number().int().positive() }).strict(),
  /** The memory a run may plan for now (see main/engine/model/memory-budget.ts). */
  'model:budget': none,
  'presets:list': none,
  /** `config` is anything the person wrote; the answer names every bad field. */
  'config:validate': z.object({ config: z.unknown() }).strict(),
  'train:start': z
    .object({
      config: z.unknown(),
      data: dataSourceSchema,
      /** Defaults to the `backend` setting. */
      backend: z.enum(BACKEND_CHOICES).optional()
    })
    .strict(),
  'train:pause': runRef,
  'train:resume': runRef,
  'train:stop': runRef,
  'train:status': none,
  'runs:list': none,
  'runs:open': runRef,
  /** The findings of a run; for the run that is just ending, once its summary is final. */
  'runs:findings': runRef,
  /** An empty name resets to the config's name. */
  'runs:rename': z
    .object({
      runId: runIdSchema,
      displayName: z.string().max(100, 'is longer than 100 characters')
    })
    .strict(),
  /** Replaces the run's tags (trimmed, de-duplicated). */
  'runs:tag': z
    .object({
      runId: runIdSchema,
      tags: z
        .array(z.string().max(40, 'is longer than 40 characters'))
        .max(20, 'has more than 20 tags')
    })
    .strict(),
  'runs:delete': runRef,
  /** The run's validated configuration, to edit or train again as a new run. */
  'runs:rerun': runRef,
  /**
   * Trains a fork of a run: its config with `changes` (absent: the fix of its first finding
   * that has one), same seed, initial weights and batches. Every change is checked against the
   * config schema in main; the parent is named by id only.
   */
  'runs:fork': z
    .object({ runId: runIdSchema, changes: z.array(configChangeSchema).min(1).max(20).optional() })
    .strict(),
  'runs:export': z.object({ runId: runIdSchema, format: z.enum(EXPORT_FORMATS) }).strict(),
  /** Run folders and watched folders of runs listed beside the app's own runs. */
  'runs:sources': none,
  /** A run folder or a folder of runs; without `path` the desktop app asks with a dialog. */
  'runs:add-source': z.object({ path: z.string().min(1).max(4096).optional() }).strict(),
  'runs:remove-source': z.object({ path: z.string().min(1).max(4096) }).strict(),
  /** Streams the run's new records on 'train:event' while another process writes it. */
  'runs:follow': runRef,
  /**
   * Checks the lecture's claims on the source (`npm run claims` in the app): every preset's, or
   * `preset`'s, on each seed, in a worker. One at a time, and never while a run trains.
   */
  'claims:start': z
    .object({
      source: imageSourceSchema,
      seeds: claimSeedsSchema.default([1, 2, 3]),
      preset: z.string().min(1).max(200).nullable().default(null),
      /** The input shape set by hand in the Model view; absent: the presets' or the folder's. */
      inputShape: inputShapeSchema.optional()
    })
    .strict(),
  /** The presets the check covers, and the running or last check (to poll). */
  'claims:status': none,
  'claims:cancel': z.object({ jobId: z.number().int().positive() }).strict()
} as const satisfies { [C in InvokeChannel]: z.ZodType }

// ---------------------------------------------------------------- responses

export interface AppInfo {
  name: string
  version: string
  mode: 'desktop' | 'browser'
  platform: string
  /** Where runs are written (`<runsDir>/<run-id>/`). */
  runsDir: string
  sampleRoot: string
  /** Folders the UI may open without a dialog (browser mode: --data-root; always the sample). */
  dataRoots: string[]
  /** True on the very first start; the UI then opens `sampleRoot`. */
  firstStart: boolean
}

export interface RecentFolder {
  path: string
  name: string
  /** ISO time it was last opened. */
  openedAt: string
}

export interface FolderListing {
  /** The listed folder, or null when listing the roots. */
  path: string | null
  /** The parent, or null at a root. */
  parent: string | null
  entries: { name: string; path: string }[]
}

/** A folder of images as found on disk, before any configuration is applied. */
export interface DatasetOverview {
  root: string
  classes: string[]
  /** counts[split][class]; splits are `train`, `val`, `test` or just `all`. */
  counts: Record<string, Record<string, number>>
  total: number
  skipped: { path: string; reason: string }[]
}

export interface ClassThumbnails {
  name: string
  /** PNG data URLs (`data:image/png;base64,…`), at most `perClass`. */
  images: string[]
}

export interface AugmentPreview {
  className: string
  original: string
  /** PNG data URLs of the augmented variants. */
  variants: string[]
}

/** Where a background decode of a folder stands (data:inspect-progress). */
export interface DataInspection {
  jobId: number
  /** looking: sampling image sizes; decoding: every file; then done, failed or cancelled. */
  phase: 'looking' | 'decoding' | 'done' | 'failed' | 'cancelled'
  progress: { scanned: number; decoded: number; skipped: number; total: number | null }
  /** The sampled images' sizes and colour, and the input shape they suggest. */
  look: ShapeDerivation | null
  /** When done: usable images per split and class, skipped files with reasons, shape used. */
  dataset: DatasetSummary | null
  /**
   * When done: every skipped file and why, by path (the summary's list is capped), up to
   * INSPECTION_SKIPPED_MAX; `dataset.skippedCount` says when there were more.
   */
  skipped: { path: string; reason: string }[] | null
  error: string | null
}

/** Most skipped files one inspection answer lists (≈100 bytes each). */
export const INSPECTION_SKIPPED_MAX = 100_000

export interface PresetInfo {
  id: string
  title: string
  /** What this preset demonstrates (one or two sentences). */
  description: string
  config: RunConfig
}

export type ConfigCheck =
  { valid: true; config: RunConfig } | { valid: false; problems: ConfigProblem[]; message: string }

export interface TrainingStatus {
  runId: string
  runDir: string
  state: 'running' | 'paused' | 'stopping' | 'ended'
  startedAt: string
}

export interface RunListItem {
  id: string
  name: string
  /** meta.json displayName, else the config name. */
  displayName: string
  tags: string[]
  status: RunStatus
  /** Why it failed, stopped or was interrupted (one sentence); null otherwise. */
  reason: string | null
  /** Codes of the findings stored at finish, most severe first. */
  findings: string[]
  /** The run folder could not be read (damaged summary): what is wrong. Null normally. */
  damage: string | null
  startedAt: string
  endedAt: string | null
  steps: number
  epochs: number
  backend: string
  final: FinalMetrics
  /** The data's folder, or null before the run has loaded it. */
  datasetRoot: string | null
  /** The preset the run's config is named after, or null (a config of its own). */
  preset: string | null
  /** What the config changed from that preset, in words (empty: nothing); null without one. */
  changes: string[] | null
  /** The run it is a fork of and what the fork changed; null for a run that is not a fork. */
  forkOf: ForkOf | null
  /** How the config differs from the model that trained (a PyTorch run whose translation to
   *  Trainscape's layers is not exact): "Load config" and "Re-run" are not offered. Null: exact. */
  configDiffers: string[] | null
}

/** Everything recorded for one run, as the UI draws it. */
export interface RunDetail {
  id: string
  dir: string
  summary: RunSummary
  config: RunConfig | null
  layers: LayerInfo[]
  steps: StepRecord[]
  probes: ProbeRecord[]
  epochs: EpochRecord[]
  /** Problems met while reading (torn last lines, bad lines), in words. */
  warnings: string[]
  /** The person's name and tags for the run (meta.json). */
  meta: RunMeta
  /** evaluation.json: confusion matrices and misclassified images; null when the run has none. */
  evaluation: RunEvaluation | null
  /** Why evaluation.json was left out (failed its schema, a link, too big), or null. */
  evaluationError: string | null
}

export type { RunSource }

export interface ExportDone {
  format: ExportFormat
  /** The files written (csv writes three). */
  paths: string[]
  /** Browser mode only: where the browser downloads each file (same order as `paths`). */
  urls?: string[]
}

export interface Responses {
  'app:info': AppInfo
  'settings:get': Settings
  'settings:set': Settings
  'data:open-dialog': { path: string | null }
  'data:drop': { path: string }
  'data:recent': RecentFolder[]
  'data:browse': FolderListing
  'data:scan': DatasetOverview
  /** `root`: the folder the answer is of (real path), so a late answer for another is dropped. */
  'data:thumbnails': { root: string; classes: ClassThumbnails[] }
  'data:augment-preview': { root: string; images: AugmentPreview[] }
  'data:inspect': { jobId: number }
  'data:inspect-progress': DataInspection
  'model:budget': { bytes: number; source: string }
  'presets:list': PresetInfo[]
  'config:validate': ConfigCheck
  'train:start': TrainingStatus
  'train:pause': TrainingStatus
  'train:resume': TrainingStatus
  'train:stop': TrainingStatus
  'train:status': TrainingStatus | null
  'runs:list': RunListItem[]
  'runs:open': RunDetail
  'runs:findings': Finding[]
  'runs:rename': RunMeta
  'runs:tag': RunMeta
  'runs:delete': { runId: string }
  'runs:rerun': { config: RunConfig }
  /** The fork is training: its status, its config and the record its summary keeps. */
  'runs:fork': { status: TrainingStatus; forkOf: ForkOf; config: RunConfig }
  'runs:export': ExportDone
  'runs:sources': RunSource[]
  /** `added` is null when the dialog was cancelled. */
  'runs:add-source': { sources: RunSource[]; added: RunSource | null }
  'runs:remove-source': RunSource[]
  'runs:follow': { following: boolean }
  'claims:start': ClaimsJob
  'claims:status': ClaimsStatus
  'claims:cancel': ClaimsJob
}

// ---------------------------------------------------------------- push messages

/** Events the UI receives: everything but `weights` (large; read them from the run instead). */
export type UiTrainEvent = Exclude<TrainEvent, { type: 'weights' }>

/** One coalesced delivery on 'train:event' (see main/app/event-coalescer.ts). */
export interface TrainEventBatch {
  runId: string
  /** In arrival order; superseded probe/loading/state events already removed. */
  events: UiTrainEvent[]
  /** Step records thinned out of this batch because the UI fell behind (0 normally). */
  droppedSteps: number
}

export interface PushPayloads {
  'train:event': TrainEventBatch
}

// ---------------------------------------------------------------- derived types

/** What a caller passes for channel C (schema input: defaults may be left out). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof requestSchemas)[C]>
/** What a handler receives for channel C (schema output: defaults filled in). */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof requestSchemas)[C]>
export type ResponseOf<C extends InvokeChannel> = Result<Responses[C]>
/** Arguments after the channel: none for channels without a request. */
export type RequestArgs<C extends InvokeChannel> =
  undefined extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>]

/** The call every host offers: one typed request, one Result. */
export type Invoke = <C extends InvokeChannel>(
  channel: C,
  ...args: RequestArgs<C>
) => Promise<ResponseOf<C>>

export type { BackendChoice }
