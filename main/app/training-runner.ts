/**
 * The app's one training run at a time (two cores do not train two nets well): starts the
 * trainer through the host-cli's `startTrainer` on the transport the app chose (utilityProcess
 * in Electron, worker thread in browser mode), writes the run directory as events arrive, and
 * streams coalesced event batches to the UI. It imports no Electron: the transport and the
 * broadcast are injected.
 *
 * A warm trainer (`prepare` given): once warmUp() is called and after each run, one spare
 * trainer is started and told to `prepare` (load the engine, resolve the backend), so that the
 * next Start finds it ready instead of spending seconds on it. The spare holds no training slot;
 * close() ends it.
 */
import { join } from 'node:path'
import type { HostCommand, TrainEvent, TrainRequest } from '../contract/trainer-protocol'
import { startTrainer, type TrainerHandle } from '../engine/host/trainer-host'
import { workerThreadTransport } from '../engine/host/worker-thread-transport'
import type { TrainerTransport } from '../engine/host/transport'
import { messageOf } from '../contract/result'
import { makeRunId } from '../contract/runs/run-files'
import type { RunSummary } from '../contract/runs/summary'
import { createRunWriter } from '../runs/run-writer'
import type { TrainEventBatch, TrainingStatus } from '../contract/ipc/contract'
import { createEventCoalescer, type CoalescerOptions } from './event-coalescer'

export interface TrainingRunnerOptions {
  runsDir: string
  /** A fresh transport for each run; a worker thread on trainer-worker.ts when absent. */
  transport?: () => TrainerTransport
  /**
   * What a spare trainer prepares (the backend the settings choose, their threads, the backend
   * memo's file); without it no spare is kept and each run starts its trainer cold.
   */
  prepare?: () => Promise<Extract<HostCommand, { type: 'prepare' }>>
  /** Sends one batch to every connected UI. */
  broadcast: (batch: TrainEventBatch) => void
  /** Coalescer settings (window, congestion check). */
  coalescing?: Omit<CoalescerOptions, 'schedule'>
  now?: () => Date
}

export type RunCommand = 'pause' | 'resume' | 'stop'

export interface TrainingRunner {
  /** Starts a run (id and folder made here). Throws when one is already running. */
  start(request: Omit<TrainRequest, 'runId'>): Promise<TrainingStatus>
  /** Pauses, resumes or stops the current run. Throws for another or an ended run. */
  command(runId: string, command: RunCommand): TrainingStatus
  /** The current run, or the last one after it ended; null before the first. */
  status(): TrainingStatus | null
  /** The run holding the training slot (from start() until its folder is complete), or null. */
  busy(): string | null
  /** Ids of runs whose folders are being written right now. */
  liveRunIds(): ReadonlySet<string>
  /** Resolves once the current run (if any) has ended and its folder is complete. */
  idle(): Promise<void>
  /**
   * What the running run `runId` has reported that its summary.json gets only at the end (the
   * backend in use and why, the dataset), for a UI that reopens it mid-run; null when not live.
   */
  liveFacts(runId: string): LiveFacts | null
  /** Starts the spare trainer now (when `prepare` was given and none is ready). */
  warmUp(): void
  /** Ends the spare trainer, and starts no more. A running run is not touched (stop it first). */
  close(): void
}

export type LiveFacts = Partial<
  Pick<RunSummary, 'backend' | 'backendNotes' | 'adapter' | 'dataset'>
>

interface Active {
  status: TrainingStatus
  handle: TrainerHandle
  finished: Promise<void>
  facts: LiveFacts
}

export function createTrainingRunner(options: TrainingRunnerOptions): TrainingRunner {
  const now = options.now ?? (() => new Date())
  let active: Active | null = null
  let last: TrainingStatus | null = null
  // The id of the run holding the one training slot, from the moment start() claims it (before
  // any await, so two requests arriving together cannot both pass the check) until its folder is
  // complete. Only the run that claimed the slot releases it.
  let claimedBy: string | null = null
  const spares = createSpares(options)

  const start = async (request: Omit<TrainRequest, 'runId'>): Promise<TrainingStatus> => {
    if (claimedBy !== null) {
      throw new Error(`A run is already training (${claimedBy}); stop it before starting another.`)
    }
    const startedAt = now()
    const full: TrainRequest = { ...request, runId: makeRunId(request.config.name, startedAt) }
    claimedBy = full.runId
    try {
      const mine = await launch(full, startedAt)
      if (mine.status.state !== 'ended') active = mine
      last = mine.status
      return { ...mine.status }
    } catch (thrown) {
      claimedBy = null
      throw thrown
    }
  }

  /** Creates the run folder and starts the trainer; the slot is released when the run ends. */
  const launch = async (full: TrainRequest, startedAt: Date): Promise<Active> => {
    const writer = await createRunWriter(options.runsDir, full)
    const status: TrainingStatus = {
      runId: full.runId,
      runDir: join(options.runsDir, full.runId),
      state: 'running',
      startedAt: startedAt.toISOString()
    }
    const coalescer = createEventCoalescer(full.runId, options.broadcast, options.coalescing)
    const handle = startTrainer(full, { transport: spares.take() })
    const facts: LiveFacts = {}
    handle.on((event: TrainEvent) => {
      writer.record(event)
      if (event.type === 'backend') Object.assign(facts, pick(event))
      if (event.type === 'dataset') facts.dataset = event.dataset
      if (event.type === 'state' && status.state !== 'stopping') status.state = event.state
      coalescer.push(event)
    })
    const finished = handle.done.then(async (end) => {
      try {
        await writer.finish(end)
      } catch (thrown) {
        console.error(`Run ${full.runId}: writing its end failed: ${messageOf(thrown)}`)
      }
      coalescer.dispose()
      status.state = 'ended'
      if (active?.status.runId === full.runId) active = null
      if (claimedBy === full.runId) claimedBy = null
      spares.warmUp()
    })
    return { status, handle, finished, facts }
  }

  return {
    start,
    command(runId, command) {
      if (!active || active.status.runId !== runId) {
        throw new Error(`Run ${runId} is not training (it has ended, or never started here).`)
      }
      const { status, handle } = active
      if (status.state === 'stopping' && command !== 'stop') {
        throw new Error(`Run ${runId} is stopping; it cannot be paused or resumed any more.`)
      }
      if (command === 'pause') handle.pause()
      if (command === 'resume') handle.resume()
      if (command === 'stop') handle.stop()
      // The trainer confirms pause/resume with a `state` event; stopping is final.
      status.state = command === 'stop' ? 'stopping' : command === 'pause' ? 'paused' : 'running'
      return { ...status }
    },
    status: () => (last ? { ...last } : null),
    busy: () => claimedBy,
    liveRunIds: () => new Set(active ? [active.status.runId] : []),
    idle: async () => {
      await active?.finished
    },
    liveFacts: (runId) => (active?.status.runId === runId ? { ...active.facts } : null),
    warmUp: spares.warmUp,
    close: spares.close
  }
}

/**
 * At most one spare trainer, told to prepare: take() hands it over (or a fresh transport when
 * there is none) and leaves none until warmUp(); a spare that dies is forgotten.
 */
function createSpares(options: Pick<TrainingRunnerOptions, 'transport' | 'prepare'>) {
  const fresh = options.transport ?? (() => workerThreadTransport())
  let spare: { transport: TrainerTransport; gone: boolean } | null = null
  let closed = false
  return {
    warmUp(): void {
      if (closed || spare !== null || !options.prepare) return
      const mine = { transport: fresh(), gone: false }
      spare = mine
      mine.transport.onExit(() => {
        mine.gone = true
        if (spare === mine) spare = null
      })
      options.prepare().then(
        (command) => void (!mine.gone && mine.transport.send(command)),
        (thrown) => console.warn(`The spare trainer was not prepared: ${messageOf(thrown)}`)
      )
    },
    take(): TrainerTransport {
      const mine = spare
      spare = null
      return mine !== null && !mine.gone ? mine.transport : fresh()
    },
    close(): void {
      closed = true
      spare?.transport.terminate()
      spare = null
    }
  }
}

function pick(event: Extract<TrainEvent, { type: 'backend' }>): LiveFacts {
  const { backend, notes, adapter } = event
  return { backend, backendNotes: notes, ...(adapter && { adapter }) }
}
