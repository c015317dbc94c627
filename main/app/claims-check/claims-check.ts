/**
 * The app's claims check ("Check the lecture's claims on this data", Model view): one check at
 * a time, run off the main thread on the same kind of transport training uses (a worker thread,
 * or a utilityProcess in the desktop app) with claims-worker.ts as its entry. Keeps where the
 * check stands and the results so far for the UI to poll; cancel ends the worker at once.
 * Electron-free; the transport is injected.
 */
import { claimsTable, claimsTableRows } from '../../claims/claims-table'
import type { ClaimResult } from '../../claims/check-claims'
import { ACTIVATION_CLAIMS, INIT_CLAIMS } from '../../claims/init-claims'
import { TRAINING_CLAIMS } from '../../claims/training-claims'
import type { TrainerTransport } from '../../engine/host/transport'
import { workerThreadTransport } from '../../engine/host/worker-thread-transport'
import type { ClaimPreset, ClaimsJob } from '../../contract/ipc/claims'
import type { ClaimsCommand, ClaimsRequest } from './claims-messages'
import { parseClaimsWorkerMessage } from './claims-messages'

/**
 * The presets whose claim the check tests, in the lecture's order: check-claims' CLAIMS, built
 * from the same pure lists (check-claims itself loads the trainer, which the app's main process
 * must not). A test keeps the two equal.
 */
export const CLAIM_PRESETS: readonly ClaimPreset[] = [
  ...ACTIVATION_CLAIMS,
  ...INIT_CLAIMS,
  ...TRAINING_CLAIMS
].map((c) => ({ preset: c.preset, statement: c.statement }))

/** The worker's entry next to this file: claims-worker.ts from source, .js when bundled. */
export function claimsWorkerEntry(): URL {
  const here = import.meta.url
  return new URL(here.endsWith('.ts') ? './claims-worker.ts' : './claims-worker.js', here)
}

export interface ClaimsCheckOptions {
  /** A fresh transport per check; a worker thread on claims-worker.ts when absent. */
  transport?: () => TrainerTransport<ClaimsCommand>
  now?: () => Date
}

export interface ClaimsCheck {
  /** Starts a check of `request`; `dataLabel` names its data for the UI. Throws while one runs. */
  start(request: ClaimsRequest, dataLabel: string): ClaimsJob
  /** The running check, or the last one after it ended; null before the first. */
  status(): ClaimsJob | null
  /** The running check, or null. */
  running(): ClaimsJob | null
  /** Cancels check `jobId`. Throws when it is not the one running. */
  cancel(jobId: number): ClaimsJob
  /** Resolves once no check is running. */
  idle(): Promise<void>
}

export function createClaimsCheck(options: ClaimsCheckOptions = {}): ClaimsCheck {
  const now = options.now ?? (() => new Date())
  const transportOf =
    options.transport ??
    (() => workerThreadTransport<ClaimsCommand>({ entry: claimsWorkerEntry() }))
  let job: ClaimsJob | null = null
  /** The current job's claim results (the table is made from them). */
  let results: ClaimResult[] = []
  let worker: TrainerTransport<ClaimsCommand> | null = null
  let ended: Promise<void> = Promise.resolve()
  let next = 1

  // Updates replace the job and its arrays, never mutate them: a shallow copy is a snapshot.
  const snapshot = (j: ClaimsJob): ClaimsJob => ({ ...j })
  /** Ends the current job as `phase` (once) and the worker with it. */
  const finish = (phase: Exclude<ClaimsJob['phase'], 'running'>, error: string | null) => {
    if (!job || job.phase !== 'running') return
    job = { ...job, phase, error, step: phase === 'done' ? null : job.step, endedAt: iso(now()) }
    worker?.terminate()
    worker = null
  }
  const withResult = (j: ClaimsJob, result: ClaimResult): ClaimsJob => {
    results = [...results, result]
    return { ...j, rows: claimsTableRows(results), markdown: claimsTable(results) }
  }

  return {
    start(request, dataLabel) {
      if (job?.phase === 'running') throw new Error(busyMessage(job))
      const id = next++
      results = []
      job = {
        jobId: id,
        phase: 'running',
        data: dataLabel,
        seeds: request.seeds,
        preset: request.preset,
        step: null,
        rows: [],
        markdown: claimsTable([]),
        error: null,
        startedAt: iso(now()),
        endedAt: null
      }
      const transport = transportOf()
      worker = transport
      let resolveEnded: () => void = () => undefined
      ended = new Promise((resolve) => (resolveEnded = resolve))
      // Messages of a check that was cancelled (or has ended) change nothing.
      const current = () => job?.jobId === id && job.phase === 'running'
      transport.onMessage((raw) => {
        const message = parseClaimsWorkerMessage(raw)
        if (!message) return console.warn('Claims check: ignored a message from the worker.')
        if (!current() || !job) return
        if (message.type === 'step') job = { ...job, step: message.step }
        else if (message.type === 'claim') job = withResult(job, message.result)
        else if (message.type === 'done') finish('done', null)
        else finish('failed', message.error)
      })
      transport.onExit((what) => {
        if (current()) finish('failed', `The claims check stopped unexpectedly: ${what}.`)
        resolveEnded()
      })
      transport.send({ type: 'start', request })
      return snapshot(job)
    },
    status: () => (job ? snapshot(job) : null),
    running: () => (job?.phase === 'running' ? snapshot(job) : null),
    cancel(jobId) {
      if (!job || job.jobId !== jobId || job.phase !== 'running')
        throw new Error(`Claims check ${jobId} is not running (it has ended, or never started).`)
      finish('cancelled', null)
      return snapshot(job)
    },
    idle: () => ended
  }
}

/** "A claims check is already running (claim 2 of 12: tanh-deep, seed 1); …" */
function busyMessage(job: ClaimsJob): string {
  const where = job.step
    ? ` (claim ${job.step.claim} of ${job.step.claims}: ${job.step.preset}, seed ${job.step.seed})`
    : ''
  return `A claims check is already running${where}; wait for it or cancel it, then start another.`
}

function iso(date: Date): string {
  return date.toISOString()
}
