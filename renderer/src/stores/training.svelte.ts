/**
 * The run the views draw: the live run, folding the host's coalesced TrainEvent batches into a
 * RunView (replaced, never mutated, in `$state.raw`) at most every FOLD_MS, or a stored run
 * opened from the Runs view. Sends start/pause/resume/stop. Errors from the host (a folder that
 * does not exist, a refused request) land in `view.error`. When a live run ends, its findings
 * are fetched from the host (the run writer diagnoses the run as it finishes).
 */
import type { RunConfig } from '../../../main/contract/config/schema'
import type { BackendChoice, DataSource } from '../../../main/contract/trainer-protocol'
import type { Finding } from '../../../main/contract/runs/summary'
import type {
  RunDetail,
  TrainEventBatch,
  TrainingStatus,
  UiTrainEvent
} from '../../../main/contract/ipc/contract'
import type { HostApi } from '../lib/host/host'
import type { RunAction } from '../lib/hotkeys'
import { viewOfDetail } from '../lib/run-detail'
import { shownProbes } from '../../../main/contract/runs/dead-census'
import { emptyRun, failedStart, foldEvents, startingRun, type RunView } from '../lib/run-state'

/** Events are folded at most this often (ms): one array copy per fold, not per event. */
const FOLD_MS = 50

export class TrainingStore {
  view = $state.raw<RunView>(emptyRun())
  /** The run's probes as the views show them: a unit silent on the probe batch is `dead` only
   *  when the census on the training split confirms it, else `inactiveOnProbe`. */
  readonly probes = $derived(shownProbes(this.view.probes, this.view.epochs))
  /** Last message of a pause/resume/stop that the host refused. */
  controlError = $state<string | null>(null)
  /** The findings of the shown run once it has ended; null before (or while they load). */
  findings = $state.raw<Finding[] | null>(null)
  findingsError = $state<string | null>(null)
  /** True when the shown run was opened from the history rather than trained here. */
  stored = $state(false)
  /** True while the shown run is being written by another process (e.g. a PyTorch job) and
   *  followed live; it is controlled there, not here. */
  following = $state(false)
  /** How a stored run came on screen: opened from Runs, or restored as the latest at start. */
  storedFrom = $state<'runs' | 'latest'>('runs')
  #host: HostApi
  #queue: UiTrainEvent[] = []
  /** The run attach() is catching up with, or null. */
  #attaching: string | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #now: () => number

  constructor(host: HostApi, now: () => number = () => performance.now()) {
    this.#host = host
    this.#now = now
    host.onTrainEvent((batch) => this.#receive(batch))
    host.onReconnect?.(() => void this.#resync())
  }

  /** A run trained here is in progress (a followed run from elsewhere does not count). */
  get live(): boolean {
    if (this.following) return false
    const p = this.view.phase
    return p === 'starting' || p === 'loading' || p === 'running' || p === 'paused'
  }

  #receive(batch: TrainEventBatch): void {
    // While attach() reads the run folder, its live events wait (overlaps are dropped on fold).
    if (batch.runId === this.#attaching) return void this.#queue.push(...batch.events)
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
    if (!events.length) return
    const wasEnded = this.view.phase === 'ended'
    this.view = foldEvents(this.view, events, this.#now())
    if (this.view.phase === 'ended') this.following = false
    const id = this.view.id
    if (!wasEnded && this.view.end && id && id !== PENDING) void this.#loadFindings(id)
  }

  async #loadFindings(runId: string): Promise<void> {
    const answer = await this.#host.invoke('runs:findings', { runId })
    if (this.view.id !== runId) return
    this.findings = answer.ok ? answer.value : null
    this.findingsError = answer.ok ? null : answer.error
  }

  /**
   * Shows a stored run in every view (Train, Layers, 3D, Dead-map) as if it had just been
   * trained. Refused (returns false) while a run is training: the live run stays on screen.
   */
  show(detail: RunDetail, from: 'runs' | 'latest' = 'runs'): boolean {
    if (this.live) return false
    this.view = viewOfDetail(detail)
    this.findings = detail.summary.findings
    this.findingsError = null
    this.stored = true
    this.following = false
    this.storedFrom = from
    this.controlError = null
    if (detail.summary.status === 'running') void this.#follow(detail.id)
    return true
  }

  /** Follows a run another process is still writing: new records arrive on 'train:event'. */
  async #follow(runId: string): Promise<void> {
    const answer = await this.#host.invoke('runs:follow', { runId })
    if (!answer.ok || !answer.value.following || this.view.id !== runId) return
    this.following = true
    await this.#catchUp(runId, 'running')
  }

  /**
   * What the views show after a reload or a restart: the run training now (followed live), else
   * the newest readable run from the history, so Layers, 3D and the dead-neuron map are never
   * empty while runs exist. Does nothing once a run is on screen.
   */
  async restore(): Promise<void> {
    await this.attach()
    if (this.live || this.view.id !== null) return
    const list = await this.#host.invoke('runs:list')
    if (!list.ok) return
    for (const candidate of list.value.filter((r) => r.damage === null).slice(0, 3)) {
      const detail = await this.#host.invoke('runs:open', { runId: candidate.id })
      if (this.live || this.view.id !== null) return
      if (detail.ok && detail.value.steps.length > 0) return void this.show(detail.value, 'latest')
    }
  }

  /**
   * Re-attaches to a run that is already training (the page was reloaded, or a second window
   * opened): its records so far come from its run folder, new ones from the live stream.
   */
  async attach(): Promise<void> {
    const status = await this.#host.invoke('train:status')
    if (!status.ok || !status.value || status.value.state === 'ended' || this.live) return
    await this.#catchUp(status.value.runId, status.value.state)
  }

  /** Shows `runId` from its run folder, still training in `state`, then follows it live. */
  async #catchUp(runId: string, state: TrainingStatus['state']): Promise<void> {
    this.#attaching = runId
    const detail = await this.#host.invoke('runs:open', { runId })
    this.#attaching = null
    const base = detail.ok ? viewOfDetail(detail.value) : { ...emptyRun(), id: runId }
    const phase = state === 'paused' ? 'paused' : 'running'
    // Time spent before the reload, from the recorded step durations, so the ETA is sane at once.
    const runningMs = detail.ok ? detail.value.steps.reduce((sum, s) => sum + s.ms, 0) : 0
    this.view = {
      ...base,
      id: runId,
      phase,
      end: null,
      error: null,
      runningMs,
      lastAt: this.#now()
    }
    if (this.#queue.length > 0 && this.#timer === null) this.#flush()
  }

  /**
   * After the connection to the host came back (browser mode): events sent meanwhile were lost,
   * so the shown live run is read again from its folder, ended or still training.
   */
  async #resync(): Promise<void> {
    const runId = this.view.id
    if (!this.live || !runId || runId === PENDING) return
    const status = await this.#host.invoke('train:status')
    if (!status.ok || this.view.id !== runId) return
    const now = status.value
    if (now && now.runId === runId && now.state !== 'ended') return this.#catchUp(runId, now.state)
    const detail = await this.#host.invoke('runs:open', { runId })
    if (!detail.ok || this.view.id !== runId) return
    this.#queue = []
    this.view = { ...viewOfDetail(detail.value), lastAt: this.#now() }
    this.findings = detail.value.summary.findings
  }

  /** Starts a run (not while following another process's run); resolves once the host answered. */
  async start(config: RunConfig, data: DataSource, backend: BackendChoice): Promise<void> {
    if (this.live || this.following) return
    this.following = false
    this.controlError = null
    this.findings = null
    this.findingsError = null
    this.stored = false
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
