/**
 * The Model view's claims check as the UI sees it: the presets it covers and the running or last
 * check, polled from the host while it runs. The check itself lives in the host (a worker), so a
 * reload or another tab finds it again through `load()`.
 */
import type { ClaimPreset, ClaimsJob } from '../../../main/contract/ipc/claims'
import type { Result } from '../../../main/contract/result'
import type { ImageSource } from '../../../main/contract/ipc/contract'
import type { HostApi } from '../lib/host/host'

const POLL_MS = 400

export interface ClaimsStart {
  source: ImageSource
  seeds: number[]
  preset: string | null
  inputShape?: [number, number, 1 | 3]
}

export class ClaimsStore {
  presets = $state.raw<ClaimPreset[]>([])
  job = $state.raw<ClaimsJob | null>(null)
  /** The host's refusal or failure to answer, in its words. */
  error = $state<string | null>(null)
  /** True while a start or cancel request is on its way. */
  asking = $state(false)
  readonly running = $derived(this.job?.phase === 'running')
  #polling = false
  #disposed = false

  constructor(private readonly host: HostApi) {}

  /** Reads the presets and the current check; follows it if it runs. */
  async load(): Promise<void> {
    const answer = await this.host.invoke('claims:status')
    if (!answer.ok) return void (this.error = answer.error)
    this.presets = answer.value.presets
    this.job = answer.value.job
    this.#follow()
  }

  async start(request: ClaimsStart): Promise<void> {
    const answer = await this.#ask(() => this.host.invoke('claims:start', request))
    if (answer) {
      this.job = answer
      this.#follow()
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.job?.jobId
    if (jobId === undefined) return
    const answer = await this.#ask(() => this.host.invoke('claims:cancel', { jobId }))
    if (answer) this.job = answer
  }

  /** Stops polling (the view is gone); the check goes on in the host. */
  dispose(): void {
    this.#disposed = true
  }

  /** Sends a start or cancel; its job, or null with `error` set. */
  async #ask(call: () => Promise<Result<ClaimsJob>>): Promise<ClaimsJob | null> {
    this.asking = true
    this.error = null
    try {
      const answer = await call()
      if (!answer.ok) this.error = answer.error
      return answer.ok ? answer.value : null
    } finally {
      this.asking = false
    }
  }

  /** Polls claims:status while the check runs (one poll loop at a time). */
  #follow(): void {
    if (this.#polling || this.#disposed || this.job?.phase !== 'running') return
    this.#polling = true
    void (async () => {
      try {
        while (!this.#disposed && this.job?.phase === 'running') {
          await new Promise((r) => setTimeout(r, POLL_MS))
          const answer = await this.host.invoke('claims:status')
          if (!answer.ok) {
            this.error = answer.error
            return
          }
          // A cancel answered meanwhile already shows the ended job; keep it.
          if (this.job?.phase === 'running' || answer.value.job?.jobId !== this.job?.jobId)
            this.job = answer.value.job
        }
      } finally {
        this.#polling = false
      }
    })()
  }
}
