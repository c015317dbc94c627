/**
 * The trainer's side of the line to its host: `worker_threads`' parentPort in a Worker, or
 * Electron's `process.parentPort` in a utility process. Both look the same from here.
 */
import { parentPort } from 'node:worker_threads'
import type { ParentPort } from 'electron'

export interface HostPort {
  post(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
}

/** The port to the host. Throws when this code is not running as a trainer worker. */
export function connectToHost(): HostPort {
  if (parentPort) {
    const port = parentPort
    return { post: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) }
  }
  const electronPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort
  if (electronPort) {
    return {
      post: (m) => electronPort.postMessage(m),
      onMessage: (l) => electronPort.on('message', (event) => l(event.data))
    }
  }
  throw new Error(
    'The trainer worker must be started by a host (a worker thread or utility process).'
  )
}
