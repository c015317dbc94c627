/**
 * What `npm run gpu-check` and the bench report about the GPU backends: for node-gpu (CUDA) and
 * webgpu, whether it loads and why not, the device, and the training rate of the bench MLP and
 * CNN through runTraining next to the best CPU backend's. A software WebGPU adapter
 * (SwiftShader, llvmpipe) is measured but labelled, never compared with the CPU as a GPU.
 * Rates use the bench's method (bench/instrumented.ts: warm-up run, steady-state steps,
 * instruments off) on wall-clock time.
 */
import { describeBackend, resolveBackend } from '../main/engine/backends/resolve'
import type { BackendChoice } from '../main/contract/trainer-protocol'
import type { GpuAdapter } from '../main/contract/runs/summary'
import { messageOf } from '../main/contract/result'
import { INSTRUMENTS_OFF, runTrainingSamplesPerSec } from './instrumented'
import { NET_NAMES, type NetName } from './nets'
import { wallClock } from './plain-loop'

export const GPU_BACKENDS = ['node-gpu', 'webgpu'] as const
export type GpuBackend = (typeof GPU_BACKENDS)[number]

/** Samples per second (wall-clock) of each bench net; null when not measured. */
export type Rates = Record<NetName, number | null>

export interface GpuCheck {
  backend: GpuBackend
  /** Why it does not load (a phrase for a person); null when it loads. */
  reason: string | null
  /** One line naming the device, e.g. "webgpu (google swiftshader (…); software adapter — not a GPU)". */
  device: string | null
  adapter: GpuAdapter | null
  rates: Rates | null
}

export interface GpuSurvey {
  gpus: GpuCheck[]
  /** The backend 'auto' would pick without a GPU, and its rates. */
  cpu: { backend: string; device: string; rates: Rates | null }
  steps: number
}

export interface SurveyOptions {
  /** Optimizer steps per measured run (at least 3). */
  steps: number
  /** Measure training rates (false: only whether each backend loads). */
  measure: boolean
  progress: (line: string) => void
}

/** Why a forced backend failed, without the advice the resolver appends for the train command. */
function reasonOf(error: unknown): string {
  const message = messageOf(error)
  const match = /is not available: (.*?)\.( To use it| It needs| or choose|$)/.exec(message)
  return match?.[1] ?? message
}

/**
 * Rates of the bench nets on `backend`. `nets` limits them: on a software adapter the CNN takes
 * minutes per step, so only the MLP is timed there.
 */
async function ratesOn(
  backend: BackendChoice,
  options: SurveyOptions,
  nets: readonly NetName[] = NET_NAMES
): Promise<Rates> {
  const rates: Rates = { mlp: null, cnn: null }
  for (const net of nets) {
    options.progress(`${net} on ${backend}, ${options.steps} steps`)
    rates[net] = await runTrainingSamplesPerSec(net, backend, {
      statsEvery: INSTRUMENTS_OFF,
      // A short run (a software adapter is slow): steps 1 … steps−2, early probes included, on
      // every backend alike.
      window: { first: 0, last: options.steps - 2 },
      clock: wallClock
    })
  }
  return rates
}

/** Checks one GPU backend: loads or why not, its device, and its rates. */
export async function checkGpu(backend: GpuBackend, options: SurveyOptions): Promise<GpuCheck> {
  let adapter: GpuAdapter | null
  try {
    adapter = (await resolveBackend(backend)).adapter ?? null
  } catch (error) {
    return { backend, reason: reasonOf(error), device: null, adapter: null, rates: null }
  }
  const device = await describeBackend(backend)
  if (adapter?.software === true && options.measure)
    options.progress('software adapter: timing the MLP only (the CNN takes minutes per step)')
  const nets: readonly NetName[] = adapter?.software === true ? ['mlp'] : NET_NAMES
  const rates = options.measure ? await ratesOn(backend, options, nets) : null
  return { backend, reason: null, device, adapter, rates }
}

/** The best CPU backend: the first of node, wasm, cpu that loads (the resolver's order). */
async function bestCpu(options: SurveyOptions): Promise<GpuSurvey['cpu']> {
  for (const backend of ['node', 'wasm', 'cpu'] as const) {
    try {
      await resolveBackend(backend)
    } catch {
      continue
    }
    const device = await describeBackend(backend)
    return { backend, device, rates: options.measure ? await ratesOn(backend, options) : null }
  }
  throw new Error('No CPU backend could start (not even pure JavaScript).')
}

/** Surveys every GPU backend and the best CPU one. Activates each backend in turn. */
export async function surveyGpus(options: SurveyOptions): Promise<GpuSurvey> {
  const gpus: GpuCheck[] = []
  for (const backend of GPU_BACKENDS) gpus.push(await checkGpu(backend, options))
  const cpu = await bestCpu(options)
  return { gpus, cpu, steps: options.steps }
}
