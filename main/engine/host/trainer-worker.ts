/**
 * Entry of the trainer's own thread (worker_threads) or process (Electron utilityProcess).
 * Waits for `start`, runs runTraining, forwards every TrainEvent to the host and finally sends
 * `{ type: 'end', end }`. Messages it cannot use are ignored with a warning, never a crash.
 */
import { messageOf } from '../../contract/result'
import type { HostCommand, RunEnd, TrainEvent, TrainRequest } from '../../contract/trainer-protocol'
import { runTraining } from '../trainer/run-training'
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
    default: {
      const unknown: never = command
      throw new Error(`Unhandled command ${describeMessage(unknown)}`)
    }
  }
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
