/**
 * Findings about what the data lets accuracy mean: validation accuracy that does not beat
 * always answering the largest class, and training classes more than IMBALANCE_RATIO:1 apart.
 * Pure.
 */
import type { Finding } from '../../contract/runs/summary'
import { pct, type DiagnosisInput } from '../../contract/diagnosis/diagnosis-input'
import {
  IMBALANCE_RATIO,
  accuracyBaselines,
  classImbalance,
  majorityClass
} from '../../contract/runs/baselines'

/** The last epoch's validation accuracy at or below the majority-class baseline. */
export function belowMajorityFindings(input: DiagnosisInput): Finding[] {
  const dataset = input.summary.dataset
  const last = input.epochs.at(-1)
  if (!dataset?.classes || !last || !Number.isFinite(last.valAcc)) return []
  const baselines = dataset.baselines ?? accuracyBaselines(dataset.classes, dataset.counts)
  const hasVal = Object.values(dataset.counts['val'] ?? {}).some((n) => n > 0)
  const largest = majorityClass(dataset.classes, dataset.counts[hasVal ? 'val' : 'train'])
  if (!baselines || !largest || last.valAcc > baselines.majorityClass) return []
  return [
    {
      code: 'below-majority-class',
      severity: 'problem',
      layers: [],
      steps: [last.step, last.step],
      evidence:
        `Validation accuracy ${pct(last.valAcc)} at step ${last.step} does not beat always ` +
        `answering the largest class, "${largest.name}" (${pct(baselines.majorityClass)} of the ` +
        `${hasVal ? 'validation' : 'training'} images); guessing uniformly scores ` +
        `${pct(baselines.chance)}. The model has learned nothing a constant answer does not give.`,
      suggestion:
        'Train longer or with a higher learning rate if the loss barely moved; check the ' +
        'findings above for dead or saturated units; balance the classes if one dominates.'
    }
  ]
}

/** The training split's largest class more than IMBALANCE_RATIO times its smallest. */
export function imbalanceFindings(input: DiagnosisInput): Finding[] {
  const dataset = input.summary.dataset
  if (!dataset?.classes) return []
  const imbalance = classImbalance(dataset.classes, dataset.counts)
  if (!imbalance || !(imbalance.ratio > IMBALANCE_RATIO)) return []
  const { largest, smallest, ratio } = imbalance
  return [
    {
      code: 'class-imbalance',
      severity: 'warning',
      layers: [],
      steps: null,
      evidence:
        `The training classes are imbalanced ${Number.isFinite(ratio) ? `${ratio.toFixed(1)}:1` : '(a class has no image)'}: ` +
        `"${largest.name}" has ${largest.count} images, "${smallest.name}" ${smallest.count}. ` +
        `Accuracy then rewards answering the large class; read per-class accuracy.`,
      suggestion:
        `Add images to "${smallest.name}" (or remove some of "${largest.name}") until no class ` +
        `has more than ${IMBALANCE_RATIO} times another.`
    }
  ]
}
