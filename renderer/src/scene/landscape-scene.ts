/**
 * The 3D landscape view's scene: a stage with either the unit surface or the ridge histograms of
 * one layer, fed incrementally from probe records. Switching layer allocates new geometry once;
 * new probes only rewrite attributes in place and request one frame.
 */
import type { ProbeRecord } from '../../../main/runs/records'
import { stateStyle } from '../lib/state-colors'
import { cellAt } from './landscape-buffer'
import { createLandscapeSurface, type LandscapeSurface } from './landscape-surface'
import { createProbeFeed, syncFeed, type ProbeFeed } from './probe-feed'
import { ridgeCellAt } from './ridge-buffer'
import { createRidgeMesh, type RidgeMesh } from './ridge-mesh'
import { createStage, pickVertex, type Stage } from './stage'

export type LandscapeMode = 'surface' | 'ridge'

export interface HoverReadout {
  lines: string[]
}

export class LandscapeScene {
  readonly stage: Stage
  #feed: ProbeFeed | null = null
  #surface: LandscapeSurface | null = null
  #ridge: RidgeMesh | null = null
  #mode: LandscapeMode = 'surface'

  constructor(canvas: HTMLCanvasElement) {
    this.stage = createStage(canvas, { background: '#12151c', eye: [-4.5, 8, 8] })
  }

  get feed(): ProbeFeed | null {
    return this.#feed
  }

  /** Shows layer `layer` (`units` wide, `bins` histogram bins); rebuilds geometry once. */
  setLayer(layer: number, units: number, bins: number, probes: readonly ProbeRecord[]): void {
    this.#disposeObjects()
    this.#feed = createProbeFeed(layer, units, bins)
    this.#surface = createLandscapeSurface(this.#feed.landscape)
    this.#ridge = createRidgeMesh(this.#feed.ridge, '#4c8df6')
    this.stage.scene.add(this.#surface.group, this.#ridge.group)
    this.setMode(this.#mode)
    this.sync(probes)
  }

  setMode(mode: LandscapeMode): void {
    this.#mode = mode
    if (this.#surface) this.#surface.group.visible = mode === 'surface'
    if (this.#ridge) this.#ridge.group.visible = mode === 'ridge'
    this.stage.requestRender()
  }

  /** Pushes probes not yet shown and redraws once; returns how many were new. */
  sync(probes: readonly ProbeRecord[]): number {
    if (!this.#feed) return 0
    const pushed = syncFeed(this.#feed, probes)
    if (pushed > 0 || this.#feed.landscape.count === 0) {
      this.#surface?.update()
      this.#ridge?.update()
      this.stage.requestRender()
    }
    return pushed
  }

  /** What lies under a client point: unit, step and value (surface) or bin and share (ridge). */
  hover(clientX: number, clientY: number): HoverReadout | null {
    const feed = this.#feed
    if (!feed) return null
    if (this.#mode === 'surface' && this.#surface) {
      const v = pickVertex(this.stage, this.#surface.mesh, clientX, clientY)
      const cell = v === null ? null : cellAt(feed.landscape, v)
      if (!cell) return null
      const unit = feed.sample.indices[cell.column]
      return {
        lines: [
          `unit ${unit}`,
          `step ${cell.step}`,
          `mean activation ${cell.value.toPrecision(3)}`,
          stateStyle(cell.state).label
        ]
      }
    }
    if (this.#ridge) {
      const v = pickVertex(this.stage, this.#ridge.mesh, clientX, clientY)
      const cell = v === null ? null : ridgeCellAt(feed.ridge, v)
      if (!cell) return null
      return {
        lines: [
          `step ${cell.step}`,
          `pre-activation ${cell.from.toPrecision(2)} … ${cell.to.toPrecision(2)}`,
          `${(cell.fraction * 100).toFixed(1)}% of values`
        ]
      }
    }
    return null
  }

  #disposeObjects(): void {
    for (const o of [this.#surface, this.#ridge]) {
      if (!o) continue
      this.stage.scene.remove(o.group)
      o.dispose()
    }
    this.#surface = null
    this.#ridge = null
  }

  dispose(): void {
    this.#disposeObjects()
    this.stage.dispose()
  }
}
