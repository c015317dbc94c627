/**
 * How a host talks to the trainer that runs off its thread: a Node `worker_threads` Worker
 * (CLI, tests, browser-mode server) or an Electron `utilityProcess` (desktop app). Both carry
 * HostCommands in and TrainEvents out, and say once when the trainer is gone, so the host
 * (trainer-host.ts) is the same code over either. The app's claims check
 * (main/app/claims-check/claims-worker.ts) runs over the same transports with its own commands.
 */
import type { HostCommand } from '../../contract/trainer-protocol'

export interface TrainerTransport<Command = HostCommand> {
  /** Sends one command to the trainer (structured-clone safe). */
  send(command: Command): void
  /** Every message the trainer posts, unvalidated: the host checks it. */
  onMessage(listener: (message: unknown) => void): void
  /**
   * Called once when the trainer has gone, with what happened in words
   * (e.g. `it exited with code 1`, or the uncaught error's message).
   */
  onExit(listener: (what: string) => void): void
  /** Ends the trainer at once (no graceful stop). Safe to call more than once. */
  terminate(): void
}
