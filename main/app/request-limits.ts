/**
 * Bounds on work one client can start at once: an expensive request (the augmentation preview
 * decodes, warps and encodes up to 16 × 16 images of 256 px, seconds of CPU on a shared machine)
 * runs one at a time per app, and a second one meanwhile is refused with a message saying so
 * instead of queueing without bound. Electron-free and pure of I/O.
 */

/** Wraps `work` so that only one call runs at a time; a call meanwhile throws `busyMessage`. */
export function oneAtATime<A extends unknown[], R>(
  work: (...args: A) => Promise<R>,
  busyMessage: string
): (...args: A) => Promise<R> {
  let running = false
  return async (...args) => {
    if (running) throw new Error(busyMessage)
    running = true
    try {
      return await work(...args)
    } finally {
      running = false
    }
  }
}

/** Counts requests in flight (one per connection); `tryEnter` refuses past `limit`. */
export interface InFlight {
  /** True and counted when below the limit, false (nothing counted) otherwise. */
  tryEnter(): boolean
  leave(): void
  readonly count: number
}

export function inFlightCounter(limit: number): InFlight {
  let count = 0
  return {
    tryEnter() {
      if (count >= limit) return false
      count++
      return true
    },
    leave() {
      count = Math.max(0, count - 1)
    },
    get count() {
      return count
    }
  }
}
