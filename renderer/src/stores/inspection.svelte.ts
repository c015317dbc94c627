/**
 * The latest background decode of the chosen folder: starts a job when the request changes
 * (debounced, so typing in a field does not start one per key), polls its progress until it
 * ends, and drops answers of jobs a newer request replaced.
 */
import type { DataInspection } from '../../../main/contract/ipc/contract'
import { isWorking, requestKey, type InspectRequest } from '../lib/data-inspection'
import type { HostApi } from '../lib/host/host'

const POLL_MS = 200
const DEBOUNCE_MS = 250

export class InspectionStore {
  state = $state.raw<DataInspection | null>(null)
  error = $state<string | null>(null)
  #key = ''
  #generation = 0
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly host: HostApi) {}

  /** Starts a job for `request` unless the last one had the same key. */
  ensure(request: InspectRequest): void {
    const key = requestKey(request)
    if (key === this.#key) return
    this.#key = key
    const generation = ++this.#generation
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.#run(request, generation), DEBOUNCE_MS)
  }

  async #run(request: InspectRequest, generation: number): Promise<void> {
    const started = await this.host.invoke('data:inspect', request)
    if (generation !== this.#generation) return
    if (!started.ok) {
      this.error = started.error
      this.state = null
      return
    }
    this.error = null
    const jobId = started.value.jobId
    for (;;) {
      const answer = await this.host.invoke('data:inspect-progress', { jobId })
      if (generation !== this.#generation) return
      if (!answer.ok) {
        this.error = answer.error
        return
      }
      this.state = answer.value
      if (!isWorking(answer.value)) return
      await new Promise((r) => setTimeout(r, POLL_MS))
    }
  }
}
