/**
 * Renderer benchmark: frames per second of the 3D landscape (unit cells with and without their
 * axes, histogram ridges)
 * while it updates with a new probe of a 1,000-unit layer every frame, as a ratio to the same
 * canvas drawing an empty scene, in software WebGL (Chromium + SwiftShader, as in the e2e
 * tests). The page side is renderer/src/bench/landscape-bench.ts, bundled here with vite.
 *
 *   npx tsx bench/renderer-fps.ts [--seconds 3]     prints a table and one JSON line
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'
import { launchSoftwareChromium } from '../test/helpers/software-chromium'

export interface RendererFps {
  emptyFps: number
  surfaceFps: number
  ridgeFps: number
  /** surfaceFps / emptyFps and ridgeFps / emptyFps. */
  surfaceRatio: number
  ridgeRatio: number
  /** The unit landscape without its axes (tick lines and labels), and 1 − surface / that. */
  bareSurfaceFps: number
  axesCost: number
  /** Mean ms per frame spent updating geometry in place (the rest is drawing). */
  surfaceUpdateMs: number
  ridgeUpdateMs: number
  canvas: [number, number]
  units: number
}

/** What the bundled page puts on `window` (renderer/src/bench/landscape-bench.ts). */
interface BenchPage {
  trainscapeBench?: {
    runBench(
      scene: string,
      seconds: number,
      width: number,
      height: number
    ): { fps: number; updateMs: number }
  }
}

/** The page module and its imports (three.js included) as one ES module's source. */
async function bundlePage(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: {
        entry: resolve('renderer/src/bench/landscape-bench.ts'),
        formats: ['es'],
        fileName: 'bench'
      }
    }
  })
  const outputs = Array.isArray(out) ? out : [out]
  for (const o of outputs) {
    if (!('output' in o)) continue
    const chunk = o.output.find((c) => c.type === 'chunk' && c.isEntry)
    if (chunk && chunk.type === 'chunk') return chunk.code
  }
  throw new Error('The bench page did not bundle (no entry chunk).')
}

/** Runs the scenes for `seconds` each and returns frames per second and the ratios. */
export async function rendererFps(seconds = 3, width = 1200, height = 700): Promise<RendererFps> {
  const code = await bundlePage()
  const browser = await launchSoftwareChromium()
  try {
    const page = await browser.newPage({ viewport: { width: width + 40, height: height + 40 } })
    await page.setContent('<!doctype html><body style="margin:0;background:#000"></body>')
    await page.addScriptTag({ content: code, type: 'module' })
    await page.waitForFunction(
      () => (globalThis as unknown as BenchPage).trainscapeBench !== undefined
    )
    const run = (scene: 'empty' | 'cells' | 'ridge' | 'cells-bare') =>
      page.evaluate(
        ([s, t, w, h]) => {
          const bench = (globalThis as unknown as BenchPage).trainscapeBench
          if (!bench) throw new Error('the bench page did not load')
          return bench.runBench(s, t, w, h)
        },
        [scene, seconds, width, height] as const
      )
    await run('empty') // warm-up: shader compilation, JIT
    const empty = await run('empty')
    // With and without axes, twice each, interleaved: the machine's load drifts between runs.
    const bare1 = await run('cells-bare')
    const surface1 = await run('cells')
    const bare2 = await run('cells-bare')
    const surface2 = await run('cells')
    const ridge = await run('ridge')
    const surface = {
      fps: (surface1.fps + surface2.fps) / 2,
      updateMs: (surface1.updateMs + surface2.updateMs) / 2
    }
    const bareFps = (bare1.fps + bare2.fps) / 2
    return {
      emptyFps: empty.fps,
      surfaceFps: surface.fps,
      ridgeFps: ridge.fps,
      surfaceRatio: surface.fps / empty.fps,
      ridgeRatio: ridge.fps / empty.fps,
      bareSurfaceFps: bareFps,
      axesCost: 1 - surface.fps / bareFps,
      surfaceUpdateMs: surface.updateMs,
      ridgeUpdateMs: ridge.updateMs,
      canvas: [width, height],
      units: 1000
    }
  } finally {
    await browser.close()
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--seconds')
  const seconds = i > 0 ? Number(process.argv[i + 1]) : 3
  if (!(seconds > 0)) throw new Error('--seconds needs a positive number, e.g. --seconds 3')
  const r = await rendererFps(seconds)
  const f = (v: number) => v.toFixed(1).padStart(7)
  process.stdout.write(
    `Renderer FPS, ${r.canvas[0]}×${r.canvas[1]} canvas, software WebGL, a new probe of a ${r.units}-unit layer every frame\n` +
      `  empty scene      ${f(r.emptyFps)} fps\n` +
      `  unit surface     ${f(r.surfaceFps)} fps   ratio ${r.surfaceRatio.toPrecision(2)}   update ${r.surfaceUpdateMs.toFixed(2)} ms/frame\n` +
      `  histogram ridges ${f(r.ridgeFps)} fps   ratio ${r.ridgeRatio.toPrecision(2)}   update ${r.ridgeUpdateMs.toFixed(2)} ms/frame\n` +
      `  surface w/o axes ${f(r.bareSurfaceFps)} fps   axes cost ${(r.axesCost * 100).toFixed(1)}% of the surface's fps\n` +
      `${JSON.stringify({ bench: 'renderer-fps', ...r })}\n`
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((thrown: unknown) => {
    process.stderr.write(`${thrown instanceof Error ? thrown.message : String(thrown)}\n`)
    process.exit(1)
  })
}
