/**
 * Picks each warning or problem finding's most likely cause: the cause rules that can explain
 * the finding's code, in order of how directly they explain it (a condition present at the first
 * probe before one that grew during training), and the first that holds wins. When a later rule
 * holds with confidence as well, the winner is reported as `possible`: the evidence points two
 * ways. Info findings get no cause. Pure.
 */
import type { Finding } from '../../../contract/runs/summary'
import type { DiagnosisInput } from '../../../contract/diagnosis/diagnosis-input'
import {
  DEAD_FRACTION_WARNING,
  SATURATED_FRACTION_WARNING
} from '../../../contract/diagnosis/thresholds'
import { at, findingLayers, type Candidate, type CauseRule } from './cause-input'
import { biasShiftCause } from './bias-shift'
import { divergenceCause } from './divergence'
import { initScaleCause, initScalePossible, initScaleTooSmall } from './init-scale'
import { inputScaleCause } from './input-scale'
import { learningRateCause, learningRatePossible } from './learning-rate'
import { overfittingCause } from './overfitting'
import { saturatingActivationCause } from './saturating-activation'
import { symmetricInitCause } from './symmetric-init'

/** True when the finding's measure already stood at its warning level at the first probe. */
function presentAtStart(input: DiagnosisInput, finding: Finding): boolean {
  const first = input.probes[0]
  const layers = findingLayers(input, finding)
  if (finding.code === 'dead-relu')
    return layers.some((i) => (at(first, i)?.deadFraction ?? 0) >= DEAD_FRACTION_WARNING)
  if (finding.code === 'saturation')
    return layers.some((i) => (at(first, i)?.saturatedFraction ?? 0) >= SATURATED_FRACTION_WARNING)
  return true
}

/** The cause rules that can explain `finding`, most direct first. */
function rulesFor(input: DiagnosisInput, finding: Finding): CauseRule[] {
  const atStart = presentAtStart(input, finding)
  switch (finding.code) {
    case 'divergence':
      return [divergenceCause]
    case 'symmetric-units':
      return [symmetricInitCause]
    case 'variance-collapse':
      // Weights too large for a sigmoid/tanh stack also collapse the variance: saturated units
      // output nearly constants. Then the scale is not "too small", and the activation explains it.
      return [biasShiftCause, initScaleTooSmall, saturatingActivationCause, initScalePossible]
    case 'variance-explosion':
      return [biasShiftCause, initScaleCause, initScalePossible]
    case 'vanishing-gradients':
      return [
        symmetricInitCause,
        saturatingActivationCause,
        biasShiftCause,
        initScaleCause,
        learningRateCause,
        initScalePossible
      ]
    case 'exploding-gradients':
      return [initScaleCause, learningRateCause, learningRatePossible]
    case 'dead-relu':
      return atStart
        ? [biasShiftCause, inputScaleCause, initScaleCause, learningRatePossible]
        : [biasShiftCause, inputScaleCause, initScaleCause, learningRateCause, learningRatePossible]
    case 'saturation':
      return atStart
        ? [inputScaleCause, saturatingActivationCause]
        : [learningRateCause, inputScaleCause, saturatingActivationCause]
    case 'not-zero-centred':
      return [saturatingActivationCause]
    case 'overfitting':
      return [overfittingCause]
    default:
      return [learningRatePossible, initScalePossible]
  }
}

/** The most likely cause of `finding` (and its fix), or null when no rule holds. Pure. */
export function likelyCause(input: DiagnosisInput, finding: Finding): Candidate | null {
  const rules = rulesFor(input, finding)
  for (let i = 0; i < rules.length; i++) {
    const found = rules[i]!(input, finding)
    if (!found) continue
    const rival = rules
      .slice(i + 1)
      .map((rule) => rule(input, finding))
      .find((c) => c?.cause.confidence === 'likely' && c.cause.code !== found.cause.code)
    return rival && found.cause.confidence === 'likely'
      ? { ...found, cause: { ...found.cause, confidence: 'possible' } }
      : found
  }
  return null
}

/** `findings` with each warning's and problem's cause and fix filled in. Does not mutate. */
export function withCauses(input: DiagnosisInput, findings: readonly Finding[]): Finding[] {
  return findings.map((f) => {
    if (f.severity === 'info') return f
    const found = likelyCause(input, f)
    return found ? { ...f, cause: found.cause, ...(found.fix ? { fix: found.fix } : {}) } : f
  })
}
