/**
 * Entry of the trainer's own thread (worker_threads) or process (Electron utilityProcess).
 * May first be told to `prepare` (a warm trainer: resolve the backend before the run exists).
 * Waits for `start`, runs runTraining, forwards every TrainEvent to the host and finally sends
 * `{ type: 'end', end }`. Messages it cannot use are ignored with a warning, never a crash.
 */
import { messageOf } from '../../contract/result'
import type { HostCommand, RunEnd, TrainEvent, TrainRequest } from '../../contract/trainer-protocol'
import { runTraining } from '../trainer/run-training'
import { prepareBackend } from '../trainer/backend-ready'
import { createRunControl } from './run-control'
import { trackProgress } from '../trainer/run-tally'
import { describeMessage, parseHostCommand } from './worker-messages'
import { connectToHost } from './worker-port'

const port = connectToHost()
const control = createRunControl()
let started = false

port.onMessage((message) => {
  const command = parseHostCommand(message)
  if (command.ok) return obey(command.value)
  console.warn(`Trainer: ignored a message (${command.error}).`)
  if (!started && describeMessage(message) === '"start"') {
    // A start the trainer cannot use still ends the run, so the host is never left waiting.
    started = true
    port.post(
      endEvent(
        trackProgress().failedEnd(`The trainer was sent an invalid request: ${command.error}`)
      )
    )
  }
})

function obey(command: HostCommand): void {
  switch (command.type) {
    case 'start':
      if (started)
        return console.warn('Trainer: ignored a second "start"; one trainer runs one run.')
      started = true
      return void train(command.request)
    case 'pause':
      return control.pause()
    case 'resume':
      return control.resume()
    case 'stop':
      return control.stop()
    case 'prepare':
      if (started) return console.warn('Trainer: ignored "prepare" after "start".')
      return prepare(command)
    default: {
      const unknown: never = command
      throw new Error(`Unhandled command ${describeMessage(unknown)}`)
    }
  }
}

/**
 * Gets ready before any run: resolves the backend (see backend-ready.ts) on one thread, the
 * default of a net without convolutions (most presets; a CNN's run switches in-process), and
 * loads the folder loader and its image decoder.
 */
function prepare(command: Extract<HostCommand, { type: 'prepare' }>): void {
  const { backend, threads, memoFile } = command
  void prepareBackend(backend, { threads, defaultThreads: 1, memoFile })
  void import('../../data/folder/load-folder').catch(() => undefined)
}

async function train(request: TrainRequest): Promise<void> {
  const progress = trackProgress()
  const emit = (event: TrainEvent) => {
    progress.see(event)
    port.post(event)
  }
  let end: RunEnd
  try {
    end = await runTraining(request, emit, control)
  } catch (thrown) {
    end = progress.failedEnd(`The trainer crashed: ${messageOf(thrown)}`)
  }
  port.post(endEvent(end))
}

function endEvent(end: RunEnd): TrainEvent {
  return { type: 'end', end }
}
