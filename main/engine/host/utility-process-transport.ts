/**
 * The trainer in an Electron `utilityProcess` (the desktop app). Electron is not imported here:
 * the app passes its `utilityProcess` module in, so this file loads anywhere. The entry is the
 * bundled trainer-worker.js; `process.parentPort` carries messages on the other side.
 */
import type { ForkOptions, UtilityProcess } from 'electron'
import type { HostCommand } from '../../contract/trainer-protocol'
import type { TrainerTransport } from './transport'

/** The part of Electron's `utilityProcess` module this needs. */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess
}

/** Forks `entry` (a `.js` path) as a utility process. Commands wait until it has spawned. */
export function utilityProcessTransport<Command = HostCommand>(
  utility: UtilityProcessModule,
  entry: string,
  options: ForkOptions = {}
): TrainerTransport<Command> {
  const child = utility.fork(entry, [], { serviceName: 'Trainscape trainer', ...options })
  const queued: Command[] = []
  let spawned = false
  let crash: string | null = null
  child.once('spawn', () => {
    spawned = true
    for (const command of queued.splice(0)) child.postMessage(command)
  })
  child.on('error', (type, location) => {
    crash ??= `${type} at ${location}`
  })
  return {
    send: (command) => (spawned ? child.postMessage(command) : void queued.push(command)),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) =>
      child.once('exit', (code) => listener(crash ?? `its process exited with code ${code}`)),
    terminate: () => void child.kill()
  }
}
