/**
 * The renderer benchmark's page side (bundled and loaded by bench/renderer-fps.ts, not by the
 * app): draws frames as fast as software WebGL allows for one of four scenes — the stage with
 * an empty scene, the unit landscape with or without its axes, or the histogram ridges — while a new probe of a
 * 1,000-unit layer arrives every frame (the worst live case), and reports frames per second.
 * Each frame is made to finish (a 1-pixel read-back) so queued GL work is counted.
 */
import type { LayerProbe, ProbeRecord, UnitState } from '../../../main/contract/runs/records'
import { LandscapeScene, type LandscapeMode } from '../scene/landscape-scene'
import { createStage } from '../scene/stage'

/** 'cells-bare' is the unit cells without their axes, to measure what the axes cost. */
export type BenchScene = 'empty' | LandscapeMode | 'cells-bare'

export interface BenchResult {
  scene: BenchScene
  frames: number
  seconds: number
  fps: number
  /** Mean milliseconds per frame spent folding the new probe into the geometry (0 for empty). */
  updateMs: number
}

const UNITS = 1000
const BINS = 41

/** A probe of one `UNITS`-wide layer whose activations drift with `step`. */
function probeAt(step: number): ProbeRecord {
  const mean: number[] = []
  const state: UnitState[] = []
  for (let u = 0; u < UNITS; u++) {
    const v = Math.max(0, Math.sin(u * 0.07 + step * 0.05) + Math.cos(u * 0.013 - step * 0.02))
    mean.push(v)
    state.push(v === 0 ? 1 : v > 1.8 ? 2 : 0)
  }
  const counts = Array.from({ length: BINS }, (_, b) =>
    Math.round(1000 * Math.exp(-(((b - 20 - Math.sin(step * 0.1) * 5) / 6) ** 2)))
  )
  const stats = {
    mean: 0,
    variance: 1,
    meanSquare: 1,
    min: -6,
    max: 6,
    nonFinite: 0,
    count: 256 * UNITS,
    histogram: { lo: -6, hi: 6, counts, underflow: 0, overflow: 0 }
  }
  const layer = {
    layer: 0,
    pre: stats,
    post: stats,
    units: { meanActivation: mean, activeFraction: mean.map(() => 1), state }
  } as unknown as LayerProbe
  return { step, epoch: 0, layers: [layer] }
}

function finish(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4))
}

/** Draws `scene` for `seconds` on a fresh canvas of `width` × `height`. */
export function runBench(
  scene: BenchScene,
  seconds: number,
  width: number,
  height: number
): BenchResult {
  const canvas = document.createElement('canvas')
  canvas.style.width = `${width}px`
  canvas.style.height = `${height}px`
  document.body.append(canvas)
  const pool = Array.from({ length: 64 }, (_, i) => probeAt(i))
  const probes: ProbeRecord[] = []
  let frames = 0
  let updating = 0
  const start = performance.now()
  if (scene === 'empty') {
    const stage = createStage(canvas, { background: '#12151c', eye: [-4.5, 8, 8] })
    const gl = stage.renderer.getContext()
    while (performance.now() - start < seconds * 1000) {
      stage.renderNow()
      finish(gl)
      frames++
    }
    stage.dispose()
  } else {
    const view = new LandscapeScene(canvas)
    view.setMode(scene === 'cells-bare' ? 'cells' : scene)
    view.showAxes(scene !== 'cells-bare')
    view.setLayer(0, UNITS, BINS, probes)
    const gl = view.stage.renderer.getContext()
    while (performance.now() - start < seconds * 1000) {
      const p = pool[frames % pool.length]!
      probes.push({ ...p, step: frames })
      const t0 = performance.now()
      view.sync(probes)
      updating += performance.now() - t0
      view.stage.renderNow()
      finish(gl)
      frames++
    }
    view.dispose()
  }
  const elapsed = (performance.now() - start) / 1000
  canvas.remove()
  return {
    scene,
    frames,
    seconds: elapsed,
    fps: frames / elapsed,
    updateMs: frames ? updating / frames : 0
  }
}

declare global {
  interface Window {
    trainscapeBench?: { runBench: typeof runBench }
  }
}

window.trainscapeBench = { runBench }
