/**
 * The trainer's entry point: resolve the backend, load the data, check the model fits the
 * memory budget, build the model, train with
 * probes, and return the run's terminal facts. Emits, in order: phase backend, backend,
 * phase data, loading…, dataset, phase model, layers, phase first-step, then
 * state/step/probe/epoch…, then evaluation (not after divergence) and weights just
 * before returning (not on failure).
 * It never throws: errors become status `failed` with a one-line reason.
 */
import { withBaselines } from '../../contract/runs/baselines'
import { messageOf } from '../../contract/result'
import type { FinalMetrics } from '../../contract/runs/summary'
import { exportWeights, layerInfos } from '../model/model'
import type { RunEnd, TrainEvent, TrainRequest } from '../../contract/trainer-protocol'
import { readyBackend } from './backend-ready'
import { threadsForNet } from '../backends/thread-count'
import { deviceLossMessage } from '../backends/webgpu'
import { trackProgress, type RunProgress } from './run-tally'
import { evaluate, type Evaluation } from './evaluate'
import { finalEvaluation } from './final-evaluation'
import { loadImageSet } from '../../data/load-data'
import { checkMemory } from './memory-check'
import { openRunResources, type RunResources } from './run-resources'
import { trainLoop, type LoopEnd } from './train-loop'
import type { Clock, TrainControl, TrainingHooks } from './train-contracts'

const realClock: Clock = { now: () => performance.now() }

/** Runs one training request to its end. See the module header for the event order. */
export async function runTraining(
  request: TrainRequest,
  emit: (event: TrainEvent) => void,
  control: TrainControl,
  clock: Clock = realClock,
  hooks: TrainingHooks = {}
): Promise<RunEnd> {
  let resources: RunResources | null = null
  // What the run reached, so a failure inside the loop still reports its steps and epochs.
  const reached = trackProgress()
  const send = (event: TrainEvent) => {
    reached.see(event)
    emit(event)
  }
  try {
    send({ type: 'phase', phase: 'backend' })
    const { backend, notes, adapter } = await readyBackend(request.backend, {
      threads: request.threads,
      defaultThreads: threadsForNet(request.config.model),
      memoFile: request.memoFile
    })
    send({ type: 'backend', backend, notes, ...(adapter && { adapter }) })
    const stopRequested = () => control.stopRequested()
    send({ type: 'phase', phase: 'data' })
    const data = await loadImageSet(
      request.data,
      request.config,
      (progress) => send({ type: 'loading', ...progress }),
      stopRequested,
      request.cacheDir
    )
    send({ type: 'dataset', dataset: withBaselines(data.summary) })
    send({ type: 'phase', phase: 'model' })
    // Refuse a model that cannot fit before any of its tensors is allocated.
    checkMemory(request.config, data.classes.length, [...data.inputShape], request.memoryBudgetMB)
    resources = await openRunResources(request.config, data)
    send({ type: 'layers', layers: layerInfos(resources.model) })
    send({ type: 'phase', phase: 'first-step' })
    const loop = await trainLoop({ s: resources, emit: send, control, clock, hooks })
    const { final, test } = await finalMetrics(resources, loop)
    const evaluation =
      loop.status === 'diverged'
        ? null
        : await finalEvaluation(resources, loop.steps, loop.lastVal, test)
    if (evaluation) send({ type: 'evaluation', evaluation })
    send({ type: 'weights', tensors: await exportWeights(resources.model) })
    return runEnd(loop, final)
  } catch (thrown) {
    if (!resources && control.stopRequested())
      return earlyEnd('stopped', 'Stopped on request before training began.', reached)
    // A lost GPU device makes later calls fail with unrelated messages: name the loss instead.
    return earlyEnd('failed', (await deviceLossMessage()) ?? messageOf(thrown), reached)
  } finally {
    resources?.dispose()
  }
}

/** The final metrics, and the test pass (with its predictions) when there was one. */
async function finalMetrics(
  s: RunResources,
  loop: LoopEnd
): Promise<{ final: FinalMetrics; test: Evaluation | null }> {
  const last = loop.epochs.at(-1)
  const final: FinalMetrics = {
    trainLoss: last?.trainLoss ?? null,
    trainAcc: last?.trainAcc ?? null,
    valLoss: last?.valLoss ?? null,
    valAcc: last?.valAcc ?? null
  }
  if (s.data.test && s.data.test.count > 0 && loop.status === 'completed') {
    const test = await evaluate(s.model, s.data.test, s.evalReader)
    final.testLoss = test.loss
    final.testAcc = test.acc
    return { final, test }
  }
  return { final, test: null }
}

function runEnd(loop: LoopEnd, final: FinalMetrics): RunEnd {
  return {
    status: loop.status,
    reason: loop.status === 'stopped' ? `Stopped on request after ${loop.steps} steps.` : null,
    steps: loop.steps,
    epochs: loop.epochs.length,
    samplesPerSecond: loop.samplesPerSecond,
    final,
    divergedAt: loop.divergedAt,
    divergedLayer: loop.divergedLayer
  }
}

/**
 * The end of a run that never reached its training loop or failed inside it: the steps,
 * epochs and last epoch metrics it `reached` (their records are written).
 */
function earlyEnd(status: 'failed' | 'stopped', message: string, reached: RunProgress): RunEnd {
  const line = (message.split('\n')[0] ?? '').trim() || 'The trainer failed without a message.'
  return { ...reached.failedEnd(line), status }
}
