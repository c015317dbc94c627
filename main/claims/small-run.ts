/**
 * One preset trained small, in this process: the preset with a step limit, probe interval, seed
 * and optional patch applied, trained on the given data, keeping every record the app and the
 * findings engine read. The claims command and the preset tests share it.
 */
import { presetConfig } from '../config/presets'
import type { RunConfig } from '../contract/config/schema'
import { createRunControl } from '../engine/host/run-control'
import type { BackendChoice, DataSource, RunEnd, TrainEvent } from '../contract/trainer-protocol'
import { runTraining } from '../engine/trainer/run-training'
import type { EpochRecord, LayerInfo, ProbeRecord, StepRecord } from '../contract/runs/records'
import type { DatasetSummary } from '../contract/runs/summary'

/** How small to run a preset. */
export interface Small {
  /** Stop after this many optimizer steps (training.maxSteps); null: the preset's full length. */
  maxSteps: number | null
  /** Probe every K steps (plus steps 0, 1, 2, 4, … below K and the last step); default 100,000. */
  statsEvery?: number
  /** Changes to the preset for a comparison run (the preset's own file is not touched). */
  patch?: (config: RunConfig) => RunConfig
}

/** Everything one small run produced. */
export interface SmallRun {
  config: RunConfig
  end: RunEnd
  layers: LayerInfo[]
  steps: StepRecord[]
  probes: ProbeRecord[]
  epochs: EpochRecord[]
  dataset: DatasetSummary | null
}

/** Where and how small runs train. */
export interface SmallRunPlace {
  data: DataSource
  cacheDir?: string
  backend?: BackendChoice
  /** Overrides model.inputShape (e.g. the shape of a colour folder). */
  inputShape?: [number, number, 1 | 3]
}

/**
 * The preset `name` sized by `small`, trained with `seed` (the preset's own when null). Throws
 * for an unknown preset name.
 */
export function sizedPreset(name: string, small: Small, seed: number | null): RunConfig {
  const base = presetConfig(name)
  if (!base) throw new Error(`There is no preset named ${name}.`)
  const config: RunConfig = {
    ...base,
    training: {
      ...base.training,
      // A step limit rules alone: a small folder's few steps per epoch must not end it first.
      ...(small.maxSteps !== null ? { maxSteps: small.maxSteps, epochs: 10_000 } : {}),
      seed: seed ?? base.training.seed
    },
    probe: {
      ...base.probe,
      ...(small.maxSteps !== null
        ? { statsEvery: small.statsEvery ?? 100_000, probeSize: 128 }
        : {})
    }
  }
  return small.patch ? small.patch(config) : config
}

/**
 * Trains `config` to its end at `place` (whatever its status: see `completedRun`), passing every
 * event to `onEvent` too.
 */
export async function trainSmall(
  runId: string,
  config: RunConfig,
  place: SmallRunPlace,
  onEvent: (event: TrainEvent) => void = () => {}
): Promise<SmallRun> {
  const shaped: RunConfig = place.inputShape
    ? { ...config, model: { ...config.model, inputShape: place.inputShape } }
    : config
  const run: Omit<SmallRun, 'end'> = {
    config: shaped,
    layers: [],
    steps: [],
    probes: [],
    epochs: [],
    dataset: null
  }
  const request = {
    runId,
    config: shaped,
    data: place.data,
    backend: place.backend ?? 'wasm',
    ...(place.cacheDir ? { cacheDir: place.cacheDir } : {})
  }
  const end = await runTraining(request, (event) => keep(run, event, onEvent), createRunControl())
  return { ...run, end }
}

/** `run` when it completed; otherwise throws an Error naming its status, step and reason. */
export function completedRun(runId: string, run: SmallRun): SmallRun {
  const { status, steps, reason, divergedLayer } = run.end
  if (status === 'completed') return run
  const why =
    reason ?? (divergedLayer ? `non-finite values in ${divergedLayer}` : 'no reason given')
  throw new Error(`${runId} ended ${status} at step ${steps}: ${why}`)
}

function keep(
  run: Omit<SmallRun, 'end'>,
  event: TrainEvent,
  onEvent: (event: TrainEvent) => void
): void {
  onEvent(event)
  if (event.type === 'probe') run.probes.push(event.record)
  else if (event.type === 'epoch') run.epochs.push(event.record)
  else if (event.type === 'step') run.steps.push(event.record)
  else if (event.type === 'layers') run.layers = event.layers
  else if (event.type === 'dataset') run.dataset = event.dataset
}
