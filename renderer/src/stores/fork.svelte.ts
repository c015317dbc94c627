/**
 * "Try the fix": the one fork the app shows at a time. Starts it through `runs:fork`, folds its
 * live events into a RunView for the progress bar, and once it has ended reads both runs (the
 * parent and the fork) for the overlay and the measured verdict. Runes; the logic it draws on
 * (foldEvents, viewOfDetail, forkVerdict) is pure and tested on its own.
 */
import type { RunDetail, TrainEventBatch, UiTrainEvent } from '../../../main/contract/ipc/contract'
import type { Finding, ForkOf } from '../../../main/contract/runs/summary'
import type { HostApi } from '../lib/host/host'
import { emptyRun, foldEvents, startingRun, type RunView } from '../lib/run-state'

export type ForkPhase = 'idle' | 'starting' | 'running' | 'reading' | 'ended' | 'failed'

/** Events are folded at most this often (ms), as the training store does. */
const FOLD_MS = 100

export class ForkStore {
  /** The run whose fix is being tried, and the finding that offered it. */
  parentId = $state<string | null>(null)
  finding = $state.raw<Finding | null>(null)
  phase = $state<ForkPhase>('idle')
  error = $state<string | null>(null)
  forkOf = $state.raw<ForkOf | null>(null)
  /** The fork as it trains (for the progress bar). */
  progress = $state.raw<RunView>(emptyRun())
  /** Both runs as stored, once the fork has ended. */
  parent = $state.raw<RunDetail | null>(null)
  fork = $state.raw<RunDetail | null>(null)
  #host: HostApi
  #forkId: string | null = null
  /** Batches that arrived before runs:fork answered with the fork's id. */
  #early: TrainEventBatch[] = []
  #queue: UiTrainEvent[] = []
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(host: HostApi) {
    this.#host = host
    host.onTrainEvent((batch) => this.#receive(batch))
  }

  /** A fork is starting or training. */
  get busy(): boolean {
    return this.phase === 'starting' || this.phase === 'running' || this.phase === 'reading'
  }

  /** Trains the fix of `finding` on run `parentId`. Ignored while another fork is busy. */
  async start(parentId: string, finding: Finding): Promise<void> {
    if (this.busy || !finding.fix) return
    this.parentId = parentId
    this.finding = finding
    this.phase = 'starting'
    this.error = null
    this.forkOf = null
    this.parent = null
    this.fork = null
    this.progress = emptyRun()
    this.#forkId = null
    this.#early = []
    const answer = await this.#host.invoke('runs:fork', {
      runId: parentId,
      changes: finding.fix.changes
    })
    if (!answer.ok) {
      this.phase = 'failed'
      this.error = answer.error
      return
    }
    const { status, forkOf, config } = answer.value
    this.#forkId = status.runId
    this.forkOf = forkOf
    this.progress = startingRun(status.runId, config, performance.now())
    this.phase = 'running'
    const early = this.#early.filter((b) => b.runId === status.runId)
    this.#early = []
    for (const batch of early) this.#receive(batch)
  }

  #receive(batch: TrainEventBatch): void {
    if (this.phase === 'starting') return void this.#early.push(batch)
    if (this.phase !== 'running' || batch.runId !== this.#forkId) return
    this.#queue.push(...batch.events)
    if (this.#timer === null) this.#timer = setTimeout(() => this.#flush(), FOLD_MS)
  }

  #flush(): void {
    this.#timer = null
    const events = this.#queue
    this.#queue = []
    if (events.length === 0 || this.phase !== 'running') return
    this.progress = foldEvents(this.progress, events, performance.now())
    if (this.progress.end) void this.#readBoth()
  }

  /** Reads the parent and the ended fork from their folders (findings and final summary). */
  async #readBoth(): Promise<void> {
    const parentId = this.parentId
    const forkId = this.#forkId
    if (!parentId || !forkId) return
    this.phase = 'reading'
    // runs:findings waits until the fork's folder is complete (its summary is final).
    await this.#host.invoke('runs:findings', { runId: forkId })
    const [parent, fork] = await Promise.all([
      this.#host.invoke('runs:open', { runId: parentId }),
      this.#host.invoke('runs:open', { runId: forkId })
    ])
    if (this.#forkId !== forkId) return
    if (!parent.ok || !fork.ok) {
      this.phase = 'failed'
      this.error = parent.ok ? (fork.ok ? null : fork.error) : parent.error
      return
    }
    this.parent = parent.value
    this.fork = fork.value
    this.phase = 'ended'
  }
}
