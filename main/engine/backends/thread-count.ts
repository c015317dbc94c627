/**
 * How many threads the wasm backend trains with, and the message for a count out of range (at
 * most 8: what the multi-threaded build of tfjs-backend-wasm starts). The default is chosen per
 * net (threadsForNet): a second thread pays where XNNPACK's convolutions do most of the work and
 * is wasted on a small MLP, whose steps are too short to share (bench/thread-choice.ts measures
 * both; docs/engine.md has the numbers). No tfjs here, so the CLI and the settings can check a
 * count without loading a backend.
 */
import { availableParallelism } from 'node:os'
import type { InputShape, ModelSpec } from '../../contract/config/schema'
import { DEFAULT_INPUT_SHAPE } from '../../contract/config/input-shape'
import { planModel } from '../../contract/model/plan'

/** tfjs builds its threaded binary with PTHREAD_POOL_SIZE=8: at most 8 threads. */
export const MAX_WASM_THREADS = 8

/** This machine's cores as the OS reports them (logical CPUs available to this process). */
export function machineCores(): number {
  return availableParallelism()
}

/** One thread per core, at most MAX_WASM_THREADS: what a net whose work shares well gets. */
export function defaultWasmThreads(cores: number = machineCores()): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, cores))
}

/**
 * Share of a net's forward multiply-adds in convolutions at or above which every core trains it
 * (one thread per core); below it, one thread. Set from the bench nets (docs/engine.md): the MLP
 * (share 0) trains as fast on 1 thread as on 2, the CNN (share ≈ 0.9) faster on 2.
 */
export const CONV_SHARE_FOR_THREADS = 0.5

/** Classes assumed when the data has not said yet: the output layer is a small part of the work. */
const ASSUMED_CLASSES = 10

/**
 * The rule's inputs for `model` at `inputShape` (the config's, else 28×28×1: the conv share
 * barely moves with the image size, since the first dense layer after the convolutions grows
 * with it too): forward multiply-adds per sample of the conv layers and of all weighted layers,
 * and the conv share. Pure.
 */
export function threadRuleInputs(
  model: ModelSpec,
  inputShape: InputShape = model.inputShape ?? DEFAULT_INPUT_SHAPE
): { convMacs: number; allMacs: number; convShare: number } {
  const plan = planModel(model, ASSUMED_CLASSES, inputShape)
  let convMacs = 0
  let allMacs = 0
  for (const layer of plan.layers) {
    // Dense: fanIn × units. Conv: the same at each output position (fanIn = k·k·cin).
    const positions = layer.kind === 'conv2d' ? layer.outputShape[0]! * layer.outputShape[1]! : 1
    const macs = positions * layer.fanIn * layer.units
    allMacs += macs
    if (layer.kind === 'conv2d') convMacs += macs
  }
  return { convMacs, allMacs, convShare: allMacs > 0 ? convMacs / allMacs : 0 }
}

/**
 * The default thread count for `model` on `cores` cores: one per core when convolutions do at
 * least CONV_SHARE_FOR_THREADS of its work, else 1. A model that cannot be planned (the trainer
 * reports that later, naming the layer) gets 1. Pure.
 */
export function threadsForNet(
  model: ModelSpec,
  inputShape: InputShape | undefined = model.inputShape,
  cores: number = machineCores()
): number {
  let share: number
  try {
    share = threadRuleInputs(model, inputShape ?? DEFAULT_INPUT_SHAPE).convShare
  } catch {
    return 1
  }
  return share >= CONV_SHARE_FOR_THREADS ? defaultWasmThreads(cores) : 1
}

/** Why `threads` is not a usable thread count (null when it is): a whole number 1…8. */
export function threadsProblem(threads: number, cores: number = machineCores()): string | null {
  if (Number.isInteger(threads) && threads >= 1 && threads <= MAX_WASM_THREADS) return null
  return (
    `Threads must be a whole number from 1 to ${MAX_WASM_THREADS} ` +
    `(the most the multi-threaded WebAssembly build starts); got ${String(threads)}. ` +
    `This machine has ${cores} core${cores === 1 ? '' : 's'}; leave threads unset to use one per core.`
  )
}
