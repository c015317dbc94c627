/**
 * What the 3D landscape view keeps while the person looks elsewhere: the layer shown, the height
 * scale (linear or symlog, own or shared range), and per layer the mode (unit cells or histogram
 * ridges) and the camera. One instance for the app's lifetime, so switching views and back
 * restores all of it; the scale and modes also go to localStorage, so a reload keeps them.
 */
import type { CameraPose } from '../scene/camera-views'
import type { HeightKind } from '../scene/height-scale'
import { savedModes, type LandscapeMode } from '../lib/landscape-modes'

const STORAGE_KEY = 'trainscape.landscape'

interface Saved {
  heightKind: HeightKind
  shared: boolean
  modes: Record<string, LandscapeMode>
}

function load(): Saved {
  const fallback: Saved = { heightKind: 'linear', shared: false, modes: {} }
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'null')
    if (!raw || typeof raw !== 'object') return fallback
    const r = raw as Partial<Saved>
    return {
      heightKind: r.heightKind === 'symlog' ? 'symlog' : 'linear',
      shared: r.shared === true,
      modes: typeof r.modes === 'object' && r.modes ? savedModes(r.modes) : {}
    }
  } catch {
    // Unreadable or blocked storage: start from the defaults rather than failing the view.
    return fallback
  }
}

export class LandscapeViewState {
  /** Index of the layer shown. */
  layer = $state(0)
  heightKind = $state<HeightKind>('linear')
  shared = $state(false)
  #modes = $state<Record<string, LandscapeMode>>({})
  // A plain Map on purpose: cameras are read once when a layer is shown, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cameras = new Map<string, CameraPose>()

  constructor() {
    const saved = load()
    this.heightKind = saved.heightKind
    this.shared = saved.shared
    this.#modes = saved.modes
  }

  /** The mode of the layer with key `key` (see layerKey); unit cells unless set. */
  modeOf(key: string): LandscapeMode {
    return this.#modes[key] ?? 'cells'
  }

  setMode(key: string, mode: LandscapeMode): void {
    this.#modes = { ...this.#modes, [key]: mode }
    this.save()
  }

  cameraOf(key: string): CameraPose | null {
    return this.#cameras.get(key) ?? null
  }

  saveCamera(key: string, pose: CameraPose): void {
    this.#cameras.set(key, pose)
  }

  forgetCamera(key: string): void {
    this.#cameras.delete(key)
  }

  /** Writes the scale and modes to localStorage (ignored where storage is unavailable). */
  save(): void {
    const saved: Saved = { heightKind: this.heightKind, shared: this.shared, modes: this.#modes }
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(saved))
    } catch {
      // Private mode or quota: the choice still holds for this workspace.
    }
  }
}

/** A layer's key: its position and name, so the same net's layers match across runs. */
export function layerKey(index: number, name: string): string {
  return `${index}:${name}`
}

export const landscapeView = new LandscapeViewState()
