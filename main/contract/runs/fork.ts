/**
 * A fork of a run: the parent's config with a few changes, trained from the same seed, so from
 * the same initial weights on the same batches in the same order. The engine draws every random
 * stream from (seed, purpose, index) — weights per layer, the split, each epoch's order, each
 * step's augmentation and dropout — so a change of learning rate, optimizer, normalization or a
 * later layer's batch norm leaves every draw where it was. What a change must alter (a layer's
 * initializer or shape, the batch size, the split) is worked out here and said in the summary.
 * Pure.
 */
import { applyChanges, canonicalPath } from './config-changes'
import { configChanges } from '../config/config-diff'
import type { InputShape, RunConfig } from '../config/schema'
import { planModel, withInputShape, type WeightedPlan } from '../model/plan'
import type { ConfigChange, ForkOf } from './summary'

/**
 * The parent's config as the fork starts from it: the same, with the input shape the parent's
 * data gave pinned when the config left it to the data (so a fork never re-derives another).
 * Does not mutate `config`.
 */
export function forkBase(config: RunConfig, inputShape: readonly number[] | undefined): RunConfig {
  return { ...config, model: withInputShape(config.model, inputShape) }
}

/**
 * The `forkOf` record of a fork of run `parentId`: the changes, in words, the layers whose
 * initial weights differ and what else differs. `classes` is the parent's class count. Pure.
 */
export function describeFork(
  parentId: string,
  parent: RunConfig,
  fork: RunConfig,
  changes: readonly ConfigChange[],
  classes: number
): ForkOf {
  return {
    run: parentId,
    changes: changes.map((c) => ({ path: canonicalPath(c.path), value: c.value })),
    words: configChanges(fork, parent),
    reinitialized: reinitializedLayers(parent, fork, classes),
    notes: forkNotes(parent, fork)
  }
}

/**
 * Names of the fork's layers whose initial weights are not the parent's: a layer's weights are
 * drawn from the stream (seed, 1, layer index) by its initializer at its kernel shape and fans,
 * so they differ exactly when one of those does. Every layer when the plans cannot be compared
 * (another layer count or input shape). Pure.
 */
export function reinitializedLayers(parent: RunConfig, fork: RunConfig, classes: number): string[] {
  const plans = [parent, fork].map((c) => safePlan(c.model, classes))
  const [a, b] = plans
  if (!b) return []
  if (!a || a.length !== b.length) return b.map((l) => l.name)
  return b.filter((layer, i) => !sameStart(a[i]!, layer)).map((l) => l.name)
}

function safePlan(model: RunConfig['model'], classes: number): WeightedPlan[] | null {
  try {
    return planModel(model, classes, model.inputShape as InputShape | undefined).layers
  } catch {
    return null
  }
}

function sameStart(a: WeightedPlan, b: WeightedPlan): boolean {
  return (
    JSON.stringify(a.initializer) === JSON.stringify(b.initializer) &&
    a.kernelShape.join() === b.kernelShape.join() &&
    a.fanIn === b.fanIn &&
    a.fanOut === b.fanOut
  )
}

/** Sentences on what the change alters besides itself: batches, the split, the images. Pure. */
export function forkNotes(parent: RunConfig, fork: RunConfig): string[] {
  const notes: string[] = []
  if (parent.training.batchSize !== fork.training.batchSize)
    notes.push(
      `The batch size changed (${parent.training.batchSize} → ${fork.training.batchSize}): the epochs shuffle the same way, but every step after the first sees other examples.`
    )
  const split = (c: RunConfig) => `${c.data.validationSplit}/${c.data.trainPerClass ?? ''}`
  if (split(parent) !== split(fork))
    notes.push(
      'The split changed (validation share or examples per class): the runs train and validate on other examples.'
    )
  if (parent.data.resize !== fork.data.resize)
    notes.push(
      `Images are resized another way (${parent.data.resize} → ${fork.data.resize}): the same examples, other pixels.`
    )
  if (parent.probe.probeSize !== fork.probe.probeSize)
    notes.push('The probe batch has another size: layer statistics are measured on other images.')
  return notes
}

/** True for a run another trainer wrote (a PyTorch job): it cannot be re-run here. Pure. */
export function trainedElsewhere(config: RunConfig | null): boolean {
  return config?.source !== undefined
}

/** "fork of relu-he: lr 0.001 → 0.0001", for the Runs list. `parentName`: its shown name. Pure. */
export function forkLine(forkOf: ForkOf, parentName: string): string {
  const words = forkOf.words.length
    ? forkOf.words.join(', ')
    : forkOf.changes.map((c) => `${c.path} → ${JSON.stringify(c.value)}`).join(', ')
  return `fork of ${parentName}: ${words}`
}

/**
 * What a fork shares with its parent, in one or two sentences for the CLI and the app:
 * "Same seed, initial weights and batches as the parent." or which layers start elsewhere. Pure.
 */
export function forkSameness(forkOf: Pick<ForkOf, 'reinitialized' | 'notes'>): string {
  const start =
    forkOf.reinitialized.length === 0
      ? 'Same seed and initial weights as the parent'
      : `Same seed as the parent; new initial weights for ${forkOf.reinitialized.join(', ')} (the change alters ${forkOf.reinitialized.length === 1 ? 'its' : 'their'} initializer or shape), the other layers start from the parent's`
  if (forkOf.notes.length === 0) return `${start}, on the same batches in the same order.`
  return `${start}. ${forkOf.notes.join(' ')}`
}

/**
 * A fix's changes in the Runs list's words against the config they apply to (`lr 0.01 →
 * 0.001`); the raw `path → value` when they do not apply cleanly. Pure.
 */
export function fixWords(changes: readonly ConfigChange[], config: RunConfig | null): string[] {
  const raw = changes.map((c) => `${canonicalPath(c.path)} → ${JSON.stringify(c.value)}`)
  if (!config) return raw
  const fork = applyChanges(config, changes)
  if (!fork.ok) return raw
  const words = configChanges(fork.value, config)
  return words.length ? words : raw
}
