/**
 * The 3D landscape view's scene: a stage with either the unit cells (one cell per unit and
 * probe) or the ridge histograms of one layer, their axes, fed incrementally from probe records.
 * Switching layer allocates new geometry once; new probes only rewrite attributes in place and
 * request one frame. Given the whole run's axes (run-axes.ts), rows and heights stay fixed while
 * a replay shows fewer probes. The camera stays above the floor, and has named views and a reset.
 */
import { Vector2 } from 'three'
import type { ProbeRecord } from '../../../main/contract/runs/records'
import type { LandscapeMode } from '../lib/landscape-modes'
import { stateStyle } from '../lib/state-colors'
import { cellAxes, ridgeAxes, ringSteps } from './axis-spec'
import { clampTarget, MAX_POLAR, namedView, type CameraPose, type ViewName } from './camera-views'
import { heightScale, type HeightKind } from './height-scale'
import { filledHeights } from './landscape-buffer'
import { cellAt } from './landscape-cells'
import { createLandscapeAxes, type LandscapeAxes } from './landscape-axes'
import { createCellMesh, LANDSCAPE_SIZE, type CellMesh } from './cell-mesh'
import { createProbeFeed, syncFeed, TIME_ROWS, type ProbeFeed } from './probe-feed'
import { ridgeCellAt } from './ridge-buffer'
import { createRidgeMesh, RIDGE_SIZE, type RidgeMesh } from './ridge-mesh'
import { layoutSteps, robustRange, type RunAxes } from './run-axes'
import { createStage, pickVertex, type Stage } from './stage'

export type { LandscapeMode }

export interface HoverReadout {
  lines: string[]
}

/** The axes: a linear or symlog height, and the whole run's rows and ranges (run-axes.ts). */
export interface HeightOptions {
  kind: HeightKind
  /** The whole run's axes; null fits them to the rows shown. */
  run: RunAxes | null
}

/** A unit cell under the pointer: the layer's real unit index and the probe's step. */
export interface PickedCell {
  unit: number
  step: number
}

export class LandscapeScene {
  readonly stage: Stage
  readonly #axes: LandscapeAxes
  #feed: ProbeFeed | null = null
  #cells: CellMesh | null = null
  #ridge: RidgeMesh | null = null
  #mode: LandscapeMode = 'cells'
  #height: HeightOptions = { kind: 'linear', run: null }
  #units = 0
  #bins = 0
  #noun: 'unit' | 'channel' = 'unit'
  #axesShown = true
  /** Cells outside the height range at the last update (drawn clamped). */
  clipped = 0

  constructor(canvas: HTMLCanvasElement) {
    const overlay = document.createElement('div')
    overlay.className = 'axis-overlay'
    // Layout that makes the overlay work lives here (not in a stylesheet), so the benchmark page
    // lays it out exactly as the app does; fonts and colours come from LandscapeCanvas.svelte.
    overlay.style.cssText = 'position:absolute;inset:0;pointer-events:none;overflow:hidden'
    overlay.dataset.testid = 'landscape-axes'
    ;(canvas.parentElement ?? document.body).append(overlay)
    this.#axes = createLandscapeAxes(overlay)
    // The drawing size three.js keeps (CSS pixels): reading clientWidth here would force a
    // layout on every frame.
    const drawn = new Vector2()
    const size = () => {
      this.stage.renderer.getSize(drawn)
      return [drawn.x, drawn.y] as const
    }
    this.stage = createStage(canvas, {
      background: '#12151c',
      eye: namedView('three-quarter', LANDSCAPE_SIZE).eye,
      afterRender: () => {
        if (this.#axesShown) this.#axes.place(this.stage.camera, ...size())
        // The camera's position, rounded, for tests and for anyone inspecting the page.
        canvas.dataset.eye = this.stage.camera.position
          .toArray()
          .map((v) => v.toFixed(2))
          .join(',')
      }
    })
    this.stage.scene.add(this.#axes.group)
    this.#keepCameraAbove()
    this.view('three-quarter')
  }

  get feed(): ProbeFeed | null {
    return this.#feed
  }

  /**
   * Shows layer `layer` (`units` wide — conv channels when `noun` says so — with `bins`
   * histogram bins); rebuilds geometry once.
   */
  setLayer(
    layer: number,
    units: number,
    bins: number,
    probes: readonly ProbeRecord[],
    noun: 'unit' | 'channel' = this.#noun
  ): void {
    this.#disposeObjects()
    this.#noun = noun
    this.#units = units
    this.#bins = bins
    this.#feed = createProbeFeed(layer, units, bins)
    this.#cells = createCellMesh(this.#feed.landscape)
    this.#ridge = createRidgeMesh(this.#feed.ridge, '#4c8df6')
    this.stage.scene.add(this.#cells.group, this.#ridge.group)
    this.setMode(this.#mode)
    this.sync(probes)
  }

  setMode(mode: LandscapeMode): void {
    this.#mode = mode
    if (this.#cells) this.#cells.group.visible = mode === 'cells'
    if (this.#ridge) this.#ridge.group.visible = mode === 'ridge'
    this.#redraw()
  }

  setHeight(options: HeightOptions): void {
    this.#height = options
    this.#redraw()
  }

  /**
   * Pushes probes not yet shown and redraws once; returns how many were new. Fewer probes than
   * shown (a replay starting over) start the layer afresh.
   */
  sync(probes: readonly ProbeRecord[]): number {
    const feed = this.#feed
    if (!feed) return 0
    const newest = probes.at(-1)?.step ?? Number.NEGATIVE_INFINITY
    if (newest < feed.lastStep) {
      this.setLayer(feed.layer, this.#units, this.#bins, probes)
      return probes.length
    }
    const pushed = syncFeed(feed, probes)
    if (pushed > 0 || feed.landscape.count === 0) this.#redraw()
    return pushed
  }

  /** Shows or hides the axes (the renderer benchmark measures what they cost). */
  showAxes(shown: boolean): void {
    this.#axesShown = shown
    this.#axes.group.visible = shown
    this.#axes.overlay.style.display = shown ? '' : 'none'
    this.#redraw()
  }

  /** Moves the camera to a named view. */
  view(name: ViewName): void {
    this.setPose(namedView(name, LANDSCAPE_SIZE, this.stage.camera.aspect))
  }

  get pose(): CameraPose {
    const { camera, controls } = this.stage
    return { eye: camera.position.toArray(), target: controls.target.toArray(), fov: camera.fov }
  }

  setPose(pose: CameraPose): void {
    const { camera, controls } = this.stage
    camera.fov = pose.fov
    camera.updateProjectionMatrix()
    camera.position.set(...pose.eye)
    controls.target.set(...pose.target)
    controls.update()
    this.stage.requestRender()
  }

  /** The unit cell under a client point in the unit landscape, or null. */
  pick(clientX: number, clientY: number): PickedCell | null {
    const feed = this.#feed
    if (!feed || this.#mode !== 'cells' || !this.#cells) return null
    const v = pickVertex(this.stage, this.#cells.mesh, clientX, clientY)
    const cell = v === null ? null : cellAt(feed.landscape, v)
    const unit = cell ? feed.sample.indices[cell.column] : undefined
    return cell && unit !== undefined ? { unit, step: cell.step } : null
  }

  /** What lies under a client point: unit, step and value (cells) or bin and share (ridge). */
  hover(clientX: number, clientY: number): HoverReadout | null {
    const feed = this.#feed
    if (!feed) return null
    if (this.#mode === 'cells' && this.#cells) {
      const v = pickVertex(this.stage, this.#cells.mesh, clientX, clientY)
      const cell = v === null ? null : cellAt(feed.landscape, v)
      if (!cell) return null
      return {
        lines: [
          `unit ${feed.sample.indices[cell.column]}`,
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
          `${(cell.fraction * 100).toFixed(1)}% of values`,
          ...(cell.below + cell.above > 0
            ? [
                `outside the range: ${(cell.below * 100).toFixed(1)}% below, ${(cell.above * 100).toFixed(1)}% above`
              ]
            : [])
        ]
      }
    }
    return null
  }

  /** Rewrites the shown mode's geometry and axes from the buffers, and requests a frame. */
  #redraw(): void {
    const feed = this.#feed
    if (!feed) return
    const run = this.#height.run
    const steps = layoutSteps(run?.steps ?? null, ringSteps(feed.landscape), TIME_ROWS)
    if (this.#mode === 'cells' && this.#cells) {
      const buf = feed.landscape
      const range = run?.height ?? robustRange(filledHeights(buf))
      const scale = heightScale(this.#height.kind, range.lo, range.hi)
      this.clipped = this.#cells.update(scale, steps.length)
      if (this.#axesShown)
        this.#axes.set(cellAxes(buf, this.#units, scale, LANDSCAPE_SIZE, this.#noun, steps))
    } else if (this.#ridge) {
      const perShare = this.#ridge.update(steps.length, run?.ridgePeak)
      if (this.#axesShown) this.#axes.set(ridgeAxes(feed.ridge, perShare, RIDGE_SIZE, steps))
    }
    this.stage.requestRender()
  }

  /** The orbit stays above the floor and its target inside the landscape's box. */
  #keepCameraAbove(): void {
    const { controls, camera } = this.stage
    controls.maxPolarAngle = MAX_POLAR
    controls.minDistance = 3
    controls.maxDistance = 90
    controls.addEventListener('change', () => {
      const t = controls.target.toArray()
      const c = clampTarget(t, LANDSCAPE_SIZE)
      if (c.every((v, i) => v === t[i])) return
      controls.target.set(...c)
      camera.lookAt(controls.target)
    })
  }

  #disposeObjects(): void {
    for (const o of [this.#cells, this.#ridge]) {
      if (!o) continue
      this.stage.scene.remove(o.group)
      o.dispose()
    }
    this.#cells = null
    this.#ridge = null
  }

  dispose(): void {
    this.#disposeObjects()
    this.#axes.dispose()
    this.stage.dispose()
  }
}
