/**
 * The epoch/step loop of one run: shuffled seeded mini-batches, one `step` record per
 * optimizer step, probes on the schedule of probe-schedule.ts (log-spaced early, then every
 * `statsEvery` steps, and the last step), an `epoch` record per epoch (test-mode validation and
 * the dead-unit census on the training split), pause/resume/stop between steps, and the
 * divergence check on every step's loss. Training batches are augmented when the config asks;
 * each step's learning rate follows the config's schedule.
 */
import * as tf from '@tensorflow/tfjs'
import { augmentBatch } from '../../data/augment/augment'
import { isIdentity } from '../../data/augment/augment-draws'
import { learningRateAt, stepsPerEpoch } from '../../contract/config/learning-rate-schedule'
import type { EpochRecord, StepRecord } from '../../contract/runs/records'
import { firstNonFiniteLayer, layerProbes } from '../probes/layer-probe'
import { captureProbe } from '../probes/capture'
import { takeCensus } from '../probes/dead-census'
import type { TrainEvent } from '../../contract/trainer-protocol'
import { deriveSeed } from '../../random/seeded-random'
import { batchAt, epochOrder } from './batches'
import { evaluate, type Evaluation } from './evaluate'
import { assertDeviceAlive } from '../backends/webgpu'
import { isProbeStep } from './probe-schedule'
import type { RunResources } from './run-resources'
import { trainStep, type StepOutcome } from './train-step'
import type { Clock, TrainControl, TrainingHooks } from './train-contracts'

/** How the loop ended, before the final metrics are added. */
export interface LoopEnd {
  status: 'completed' | 'stopped' | 'diverged'
  steps: number
  epochs: EpochRecord[]
  /** Examples per second over the training steps and probes (validation excluded). */
  samplesPerSecond: number | null
  divergedAt: number | null
  divergedLayer: string | null
  /** The validation pass after the last step (predictions included), or null when none ran. */
  lastVal: Evaluation | null
}

interface LoopContext {
  s: RunResources
  emit: (event: TrainEvent) => void
  control: TrainControl
  clock: Clock
  hooks: TrainingHooks
}

/** Event-loop turns for pause/stop messages: at most every this many milliseconds of training. */
const YIELD_EVERY_MS = 50

/** What the loop carries from step to step. */
interface LoopState {
  end: LoopEnd
  /** Steps the run will take unless stopped or diverged. */
  total: number
  /** Steps of all its epochs, which the learning-rate schedule spans (total, unless capped). */
  planned: number
  examples: number
  busyMs: number
  lastYield: number
}

/** Trains until done, stopped or diverged. Mutates the run resources' model and optimizer. */
export async function trainLoop(ctx: LoopContext): Promise<LoopEnd> {
  const { batchSize, epochs, maxSteps } = ctx.s.config.training
  const planned = epochs * stepsPerEpoch(ctx.s.data.train.count, batchSize)
  const total = Math.min(maxSteps ?? Infinity, planned)
  const end: LoopEnd = {
    status: 'completed',
    steps: 0,
    epochs: [],
    samplesPerSecond: null,
    divergedAt: null,
    divergedLayer: null,
    lastVal: null
  }
  const state: LoopState = {
    end,
    total,
    planned,
    examples: 0,
    busyMs: 0,
    lastYield: performance.now()
  }
  ctx.emit({ type: 'state', state: 'running' })
  for (let epoch = 0; epoch < epochs && end.steps < total && end.status === 'completed'; epoch++) {
    const started = ctx.clock.now()
    const sums = await runEpoch(ctx, state, epoch)
    end.status = sums.status
    if (sums.n === 0 || sums.status === 'diverged') break
    const val = await evaluate(ctx.s.model, ctx.s.data.val, ctx.s.evalReader)
    end.lastVal = val
    const census = await takeCensus(ctx.s.model, ctx.s.data.train, ctx.s.evalReader, () =>
      ctx.clock.now()
    )
    const record: EpochRecord = {
      epoch,
      step: end.steps,
      trainLoss: sums.loss / sums.n,
      trainAcc: sums.acc / sums.n,
      valLoss: val.loss,
      valAcc: val.acc,
      seconds: (ctx.clock.now() - started) / 1000,
      census
    }
    end.epochs.push(record)
    ctx.emit({ type: 'epoch', record })
    ctx.hooks.onEpochEnd?.(epoch)
  }
  end.samplesPerSecond = state.busyMs > 0 ? state.examples / (state.busyMs / 1000) : null
  return end
}

/**
 * The steps of one epoch (or until stopped, diverged or out of steps): sums of loss and acc
 * over its examples, and how it ended. Mutates `state`.
 */
async function runEpoch(
  ctx: LoopContext,
  state: LoopState,
  epoch: number
): Promise<{ loss: number; acc: number; n: number; status: LoopEnd['status'] }> {
  const { s, clock } = ctx
  const { end, total } = state
  const { batchSize, seed } = s.config.training
  const count = s.data.train.count
  const order = epochOrder(count, seed, epoch)
  const sums = { loss: 0, acc: 0, n: 0, status: end.status }
  for (let start = 0; start < count && end.steps < total; start += batchSize) {
    if (performance.now() - state.lastYield > YIELD_EVERY_MS)
      state.lastYield = await yieldToEventLoop()
    if (await stopRequested(ctx.control, ctx.emit)) {
      sums.status = 'stopped'
      break
    }
    const indices = batchAt(order, start, batchSize)
    const probing = isProbeStep(end.steps, s.config.probe.statsEvery, total)
    const t0 = clock.now()
    const step = await runStep(ctx, end.steps, epoch, indices, probing, state.planned)
    state.busyMs += clock.now() - t0
    end.steps += 1
    ctx.hooks.onStepEnd?.(step.record.step)
    if (step.diverged) {
      end.divergedAt = step.record.step
      end.divergedLayer = step.divergedLayer
      sums.status = 'diverged'
      break
    }
    state.examples += indices.length
    sums.loss += step.record.loss * indices.length
    sums.acc += step.record.acc * indices.length
    sums.n += indices.length
  }
  return sums
}

/**
 * One optimizer step with its probe (if due or diverged). Returns the record, whether the loss
 * went non-finite, and the first layer whose probe statistics did (null when every layer's were
 * finite: then the loss itself overflowed, and no layer is to blame).
 */
async function runStep(
  { s, emit, clock }: LoopContext,
  step: number,
  epoch: number,
  indices: Int32Array,
  probing: boolean,
  planned: number
): Promise<{ record: StepRecord; diverged: boolean; divergedLayer: string | null }> {
  const probe = () => captureProbe(s.model, s.probeX, s.evalReader.capacity, s.config.probe)
  const captured = probing ? await probe() : null
  // Before the first update: which units initialization (or raw inputs) left dead.
  const census =
    step === 0
      ? await takeCensus(s.model, s.data.train, s.evalReader, () => clock.now())
      : undefined
  const lr = learningRateAt(s.config.training, step, planned)
  s.optimizer.setLearningRate(lr)
  const t0 = clock.now()
  const outcome = await trainOnBatch(s, indices, step, probing)
  // A step on a lost GPU device computed nothing: fail before recording it.
  await assertDeviceAlive()
  const { loss, acc } = outcome
  const record: StepRecord = { step, epoch, loss, acc, lr, ms: clock.now() - t0 }
  emit({ type: 'step', record })
  const finite = Number.isFinite(loss)
  if (!probing && finite) return { record, diverged: false, divergedLayer: null }
  const plans = s.model.plan.layers
  const layers = layerProbes(plans, captured ?? (await probe()), outcome.extras)
  emit({ type: 'probe', record: { step, epoch, layers, ...(census && { census }) } })
  if (finite) return { record, diverged: false, divergedLayer: null }
  const first = firstNonFiniteLayer(layers)
  return { record, diverged: true, divergedLayer: first >= 0 ? (plans[first]?.name ?? null) : null }
}

/** Gathers the batch `indices`, augments it if the config asks, and trains one step on it. */
async function trainOnBatch(
  s: RunResources,
  indices: Int32Array,
  step: number,
  measure: boolean
): Promise<StepOutcome> {
  const batch = await s.trainReader.read(s.data.train, indices)
  const seed = s.config.training.seed
  const augmentation = s.config.data.augmentation
  const x =
    augmentation && !isIdentity(augmentation)
      ? augmentBatch(batch.x, augmentation, deriveSeed(seed, 6, step))
      : batch.x
  try {
    return await trainStep(
      s.model,
      s.optimizer,
      x,
      batch.labels,
      deriveSeed(seed, 4, step),
      measure
    )
  } finally {
    tf.dispose(x === batch.x ? [x] : [x, batch.x])
  }
}

async function stopRequested(
  control: TrainControl,
  emit: (event: TrainEvent) => void
): Promise<boolean> {
  if (control.stopRequested()) return true
  if (control.paused) {
    emit({ type: 'state', state: 'paused' })
    await control.waitWhilePaused()
    if (control.stopRequested()) return true
    emit({ type: 'state', state: 'running' })
  } else {
    await control.waitWhilePaused()
  }
  return control.stopRequested()
}

function yieldToEventLoop(): Promise<number> {
  return new Promise((resolve) => setTimeout(() => resolve(performance.now()), 0))
}
