/**
 * The person's workspace: app facts, the chosen image source (remembered in the settings, so a
 * reload or restart opens it again, and a folder that is gone is said so rather than replaced
 * by the sample), its overview and its background decode, the presets, the model being edited
 * (a deep-reactive draft validated on every change with the same schema the host uses) and the
 * chosen backend.
 */
import type { RunConfig } from '../../../main/contract/config/schema'
import { parseRunConfig, type ConfigProblem } from '../../../main/contract/config/validate'
import type { BackendChoice } from '../../../main/contract/trainer-protocol'
import type {
  AppInfo,
  DatasetOverview,
  ImageSource,
  PresetInfo
} from '../../../main/contract/ipc/contract'
import { inspectRequest } from '../lib/data-inspection'
import type { HostApi } from '../lib/host/host'
import { presetEdits, startingPreset } from '../lib/preset-state'
import { InspectionStore } from './inspection.svelte'

export class WorkspaceStore {
  info = $state.raw<AppInfo | null>(null)
  presets = $state.raw<PresetInfo[]>([])
  presetId = $state<string | null>(null)
  /** The model being edited: a full config whose values may be invalid until `check` says so. */
  draft = $state<RunConfig>(blankConfig())
  source = $state.raw<ImageSource>({ kind: 'sample' })
  overview = $state.raw<DatasetOverview | null>(null)
  dataError = $state<string | null>(null)
  /**
   * Set when the source opened last time could not be opened again: why, in a sentence. The
   * source stays that folder (nothing trains on the sample instead) until the person chooses.
   */
  sourceMissing = $state<string | null>(null)
  scanning = $state(false)
  backend = $state<BackendChoice>('auto')
  /** Problems of the draft, by dotted field path (`model.layers[1].units`). */
  readonly check = $derived(checkDraft(this.draft))
  /** The chosen preset, if any. */
  readonly preset = $derived(this.presets.find((p) => p.id === this.presetId))
  /** What the edited model changed from the chosen preset ([] while it is the preset). */
  readonly edits = $derived(this.preset ? presetEdits(this.preset, this.check.config) : [])
  readonly host: HostApi
  /** The background decode of the chosen source, as a run of the draft would decode it. */
  readonly inspection: InspectionStore
  #scans = 0

  constructor(host: HostApi) {
    this.host = host
    this.inspection = new InspectionStore(host)
    // Decode again whenever the source or a setting that changes the decoded images does.
    $effect.root(() => {
      $effect(() => {
        const config = this.check.config
        if (this.overview && config) this.inspection.ensure(inspectRequest(this.source, config))
      })
    })
  }

  /**
   * Loads app facts, presets and the saved settings; picks the backend and preset chosen last
   * time (else the healthy default, relu-he) and scans the sample.
   */
  async init(): Promise<void> {
    const [info, presets, settings] = await Promise.all([
      this.host.invoke('app:info'),
      this.host.invoke('presets:list'),
      this.host.invoke('settings:get')
    ])
    if (info.ok) this.info = info.value
    if (settings.ok) this.backend = settings.value.backend
    if (presets.ok) {
      this.presets = presets.value
      const first = startingPreset(presets.value, settings.ok ? settings.value.lastPreset : null)
      if (first) this.usePreset(first.id)
    }
    await this.reopen(settings.ok ? settings.value.lastSource : null)
  }

  /**
   * Opens the source of the last session (null: the sample). A folder that cannot be opened
   * now stays the source, with `sourceMissing` saying why, so no run silently uses the sample.
   */
  async reopen(last: ImageSource | null): Promise<void> {
    if (last === null || last.kind === 'sample') return this.scan({ kind: 'sample' })
    await this.scan(last)
    if (this.overview !== null) return
    this.source = last
    this.sourceMissing =
      `The folder you had open, ${last.path}, cannot be opened now: ${this.dataError ?? 'it is gone.'} ` +
      'Choose a folder, or the bundled sample; nothing trains until you do.'
    this.dataError = null
  }

  usePreset(id: string): void {
    const preset = this.presets.find((p) => p.id === id)
    if (!preset) return
    this.presetId = id
    this.draft = structuredClone(preset.config)
  }

  /** The person picked preset `id`: loads it and remembers it for the next start. */
  choosePreset(id: string): void {
    this.usePreset(id)
    if (this.presetId === id) void this.host.invoke('settings:set', { lastPreset: id })
  }

  /** The person picked a backend: used for the next runs and remembered for the next start. */
  chooseBackend(backend: BackendChoice): void {
    this.backend = backend
    void this.host.invoke('settings:set', { backend })
  }

  /**
   * Scans an image source; on failure keeps the previous overview and shows why. Only the
   * latest scan's answer counts (a slow scan of the sample must not replace a folder chosen
   * after it).
   */
  async scan(source: ImageSource): Promise<void> {
    const seq = ++this.#scans
    this.scanning = true
    this.dataError = null
    const answer = await this.host.invoke('data:scan', { source })
    if (seq !== this.#scans) return
    this.scanning = false
    if (!answer.ok) {
      this.dataError = answer.error
      return
    }
    if (answer.value.total === 0) {
      this.dataError = `No images found in ${answer.value.root}. Put images in one sub-folder per class (e.g. cats/, dogs/).`
      return
    }
    this.dataError = null
    this.sourceMissing = null
    this.source = source
    this.overview = answer.value
    void this.host.invoke('settings:set', { lastSource: source })
  }
}

export interface DraftCheck {
  config: RunConfig | null
  problems: Record<string, string>
  message: string | null
}

/** Validates a draft with the shared schema; problems keyed by field path. Does not mutate. */
export function checkDraft(draft: RunConfig): DraftCheck {
  const parsed = parseRunConfig($state.snapshot(draft))
  if (parsed.ok) return { config: parsed.value, problems: {}, message: null }
  return { config: null, problems: byField(parsed.problems), message: parsed.error }
}

function byField(problems: ConfigProblem[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of problems)
    out[p.field] = out[p.field] ? `${out[p.field]}; ${p.message}` : p.message
  return out
}

/** A small ReLU + He model, used until the presets arrive. */
function blankConfig(): RunConfig {
  const parsed = parseRunConfig({
    name: 'my-run',
    model: {
      layers: [{ type: 'dense', units: 64, activation: 'relu', initializer: 'he-normal' }]
    },
    training: { optimizer: { type: 'sgd', learningRate: 0.05 }, epochs: 2, batchSize: 32 }
  })
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}
