/**
 * How long Start takes to the first optimizer step of relu-he on the bundled sample, measured
 * through the host the app uses (main/app/training-runner.ts on worker-thread trainers, as in
 * browser mode; the desktop app's utilityProcess takes the same path): `cold` starts the runner
 * and clicks Start at once (the app right after launch: its spare trainer is still preparing),
 * `warm` waits `warmWaitSeconds` first (the app open for a few seconds). The sample is decoded
 * once beforehand into the image cache, as the Data view does when the app opens it. Each figure
 * is the median of `rounds`, cold and warm interleaved; `phases` are the warm runs' median start
 * of each phase after the click, in seconds. Wall-clock.
 */
import { join } from 'node:path'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { presetConfig } from '../main/config/presets'
import { createTrainingRunner } from '../main/app/training-runner'
import type { StartPhase } from '../main/contract/trainer-protocol'
import { medianOfKnown } from '../main/contract/median'

export interface StartupBench {
  /** Start → first step, right after the runner starts (median seconds). */
  coldSeconds: number | null
  /** Start → first step with the spare trainer ready (median seconds). */
  warmSeconds: number | null
  /** Warm runs: seconds from Start to the beginning of each start phase (medians). */
  phases: Partial<Record<StartPhase, number>>
  /** Every round's figures, in order. */
  coldRuns: number[]
  warmRuns: number[]
}

/** One Start on a new runner: seconds to the first step, and to each phase's beginning. */
async function timeStart(
  dirs: { runsDir: string; cacheDir: string; memoFile: string },
  waitSeconds: number
): Promise<{ seconds: number; phases: Partial<Record<StartPhase, number>> }> {
  const config = presetConfig('relu-he')
  if (!config) throw new Error('The relu-he preset is missing.')
  let clicked = 0
  const phases: Partial<Record<StartPhase, number>> = {}
  let first: number | null = null
  let reached: () => void = () => {}
  const stepped = new Promise<void>((resolve) => (reached = resolve))
  const runner = createTrainingRunner({
    runsDir: dirs.runsDir,
    prepare: async () => ({ type: 'prepare', backend: 'auto', memoFile: dirs.memoFile }),
    // Deliver at once: the coalescer's window would add up to its length to every figure.
    coalescing: { windowMs: 0 },
    broadcast: (batch) => {
      const now = (performance.now() - clicked) / 1000
      for (const event of batch.events) {
        if (event.type === 'phase') phases[event.phase] ??= now
        if (event.type === 'step' && first === null) {
          first = now
          reached()
        }
      }
    }
  })
  runner.warmUp()
  await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000))
  clicked = performance.now()
  const status = await runner.start({
    config: { ...config, training: { ...config.training, epochs: 1, maxSteps: 2 } },
    data: { kind: 'sample' },
    backend: 'auto',
    cacheDir: dirs.cacheDir,
    memoFile: dirs.memoFile
  })
  await stepped
  runner.command(status.runId, 'stop')
  await runner.idle()
  runner.close()
  return { seconds: first!, phases }
}

/** Cold and warm starts, interleaved, `rounds` each (see the module header). */
export async function startupBench(
  options: { rounds: number; warmWaitSeconds: number; progress: (m: string) => void } = {
    rounds: 3,
    warmWaitSeconds: 8,
    progress: () => {}
  }
): Promise<StartupBench> {
  const root = await mkdtemp(join(tmpdir(), 'trainscape-startup-'))
  const dirs = {
    runsDir: join(root, 'runs'),
    cacheDir: join(root, 'image-cache'),
    memoFile: join(root, 'backend-memo.json')
  }
  try {
    options.progress('startup: decoding the sample once (as the Data view does)')
    await timeStart(dirs, 0)
    const coldRuns: number[] = []
    const warmRuns: number[] = []
    const phaseRuns: Partial<Record<StartPhase, number>>[] = []
    for (let round = 1; round <= options.rounds; round++) {
      options.progress(`startup: cold, round ${round}/${options.rounds}`)
      coldRuns.push((await timeStart(dirs, 0)).seconds)
      options.progress(`startup: warm, round ${round}/${options.rounds}`)
      const warm = await timeStart(dirs, options.warmWaitSeconds)
      warmRuns.push(warm.seconds)
      phaseRuns.push(warm.phases)
    }
    const phases: Partial<Record<StartPhase, number>> = {}
    for (const phase of ['backend', 'data', 'model', 'first-step'] as const) {
      const value = medianOfKnown(phaseRuns.map((p) => p[phase] ?? null))
      if (value !== null) phases[phase] = value
    }
    return {
      coldSeconds: medianOfKnown(coldRuns),
      warmSeconds: medianOfKnown(warmRuns),
      phases,
      coldRuns,
      warmRuns
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
