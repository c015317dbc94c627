/**
 * The live run: folds the host's coalesced TrainEvent batches into a RunView (replaced, never
 * mutated, in `$state.raw`) at most every FOLD_MS, and sends start/pause/resume/stop. Errors
 * from the host (a folder that does not exist, a refused request) land in `view.error`.
 */
import type { RunConfig } from '../../../main/config/schema'
import type { BackendChoice, DataSource } from '../../../main/engine/protocol'
import type { TrainEventBatch, UiTrainEvent } from '../../../preload/contract'
import type { HostApi } from '../lib/host/host'
import type { RunAction } from '../lib/hotkeys'
import { viewOfDetail } from '../lib/run-detail'
import { emptyRun, failedStart, foldEvents, startingRun, type RunView } from '../lib/run-state'

/** Events are folded at most this often (ms): one array copy per fold, not per event. */
const FOLD_MS = 50

export class TrainingStore {
  view = $state.raw<RunView>(emptyRun())
  /** Last message of a pause/resume/stop that the host refused. */
  controlError = $state<string | null>(null)
  #host: HostApi
  #queue: UiTrainEvent[] = []
  #timer: ReturnType<typeof setTimeout> | null = null
  #now: () => number

  constructor(host: HostApi, now: () => number = () => performance.now()) {
    this.#host = host
    this.#now = now
    host.onTrainEvent((batch) => this.#receive(batch))
  }

  get live(): boolean {
    const p = this.view.phase
    return p === 'starting' || p === 'loading' || p === 'running' || p === 'paused'
  }

  #receive(batch: TrainEventBatch): void {
    const id = this.view.id
    if (id !== batch.runId && id !== PENDING) return
    if (id === PENDING) this.view = { ...this.view, id: batch.runId }
    this.#queue.push(...batch.events)
    if (this.#timer === null) this.#timer = setTimeout(() => this.#flush(), FOLD_MS)
  }

  #flush(): void {
    this.#timer = null
    const events = this.#queue
    this.#queue = []
    if (events.length) this.view = foldEvents(this.view, events, this.#now())
  }

  /**
   * Re-attaches to a run that is already training (the page was reloaded, or a second window
   * opened): its records so far come from its run folder, new ones from the live stream.
   */
  async attach(): Promise<void> {
    const status = await this.#host.invoke('train:status')
    if (!status.ok || !status.value || status.value.state === 'ended' || this.live) return
    const { runId, state } = status.value
    const detail = await this.#host.invoke('runs:open', { runId })
    const base = detail.ok ? viewOfDetail(detail.value) : { ...emptyRun(), id: runId }
    const phase = state === 'paused' ? 'paused' : 'running'
    this.view = { ...base, id: runId, phase, end: null, error: null, lastAt: this.#now() }
  }

  /** Starts a run; resolves once the host accepted or refused it. */
  async start(config: RunConfig, data: DataSource, backend: BackendChoice): Promise<void> {
    if (this.live) return
    this.controlError = null
    this.view = startingRun(PENDING, config, this.#now())
    const started = await this.#host.invoke('train:start', { config, data, backend })
    if (!started.ok) {
      this.view = failedStart(this.view, started.error)
      return
    }
    if (this.view.id === PENDING) this.view = { ...this.view, id: started.value.runId }
  }

  async control(action: Exclude<RunAction, 'start'>): Promise<void> {
    const runId = this.view.id
    if (!runId || runId === PENDING || !this.live) return
    const channel =
      action === 'pause' ? 'train:pause' : action === 'resume' ? 'train:resume' : 'train:stop'
    const answer = await this.#host.invoke(channel, { runId })
    this.controlError = answer.ok ? null : answer.error
  }
}

/** Run id placeholder between the start request and the host's answer (or first event). */
const PENDING = '(starting)'
