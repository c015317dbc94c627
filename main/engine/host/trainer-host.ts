/**
 * Runs one training run off the caller's thread and hands back a TrainerHandle: events to
 * subscribe to, pause/resume/stop, and `done`. If the trainer dies (uncaught error, exit, out of
 * memory) `done` still resolves, with status `failed` and the reason, and the host lives on.
 */
import type { RunEnd, TrainEvent, TrainRequest } from '../../contract/trainer-protocol'
import { messageOf } from '../../contract/result'
import { trackProgress } from '../trainer/run-tally'
import type { TrainerTransport } from './transport'
import { describeMessage, parseTrainEvent } from './worker-messages'
import { workerThreadTransport } from './worker-thread-transport'

export interface TrainerHandle {
  /** Subscribes to every event in order (the last one is `end`); returns the unsubscribe. */
  on(listener: (event: TrainEvent) => void): () => void
  pause(): void
  resume(): void
  /** Graceful: the trainer finishes its current step, keeps everything, and ends `stopped`. */
  stop(): void
  /** Resolves once with the run's end; never rejects. */
  readonly done: Promise<RunEnd>
}

export interface StartOptions {
  /** Where the trainer runs; a new worker thread on trainer-worker.ts by default. */
  transport?: TrainerTransport
}

/** Starts `request` on a new trainer. Events flow from the next tick; subscribe right away. */
export function startTrainer(request: TrainRequest, options: StartOptions = {}): TrainerHandle {
  const transport = options.transport ?? workerThreadTransport()
  const listeners = createListeners()
  const progress = trackProgress()
  let ended = false
  let resolveDone: (end: RunEnd) => void = () => undefined
  const done = new Promise<RunEnd>((resolve) => (resolveDone = resolve))
  const finish = (end: RunEnd) => {
    if (ended) return
    ended = true
    listeners.deliver({ type: 'end', end })
    resolveDone(end)
    transport.terminate()
  }

  transport.onMessage((message) => {
    const event = parseTrainEvent(message)
    if (!event) {
      console.warn(
        `Trainer host: ignored a message from the trainer (${describeMessage(message)}).`
      )
    } else if (event.type === 'end') {
      finish(event.end)
    } else if (!ended) {
      progress.see(event)
      listeners.deliver(event)
    }
  })
  transport.onExit((what) => finish(progress.failedEnd(`The trainer crashed: ${what}`)))
  transport.send({ type: 'start', request })

  const command = (type: 'pause' | 'resume' | 'stop') => () => {
    if (!ended) transport.send({ type })
  }
  return {
    on: listeners.add,
    pause: command('pause'),
    resume: command('resume'),
    stop: command('stop'),
    done
  }
}

/** Listeners called in order; one that throws is reported and the others still run. */
function createListeners() {
  const listeners = new Set<(event: TrainEvent) => void>()
  return {
    add(listener: (event: TrainEvent) => void): () => void {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    deliver(event: TrainEvent): void {
      for (const listener of [...listeners]) {
        try {
          listener(event)
        } catch (thrown) {
          console.error(`Trainer host: a listener failed on "${event.type}": ${messageOf(thrown)}`)
        }
      }
    }
  }
}
