/**
 * The findings engine: reads a run (config, layer facts, records, terminal facts) and says in
 * plain words which of the lecture's problems it shows, with the numbers as evidence and what
 * to try, and for each warning or problem its most likely cause (causes/). Pure; thresholds
 * live in thresholds.ts.
 */
import type { Finding, RunSummary } from '../../contract/runs/summary'
import type { DiagnosisInput } from '../../contract/diagnosis/diagnosis-input'
import { coverageFindings } from './coverage-rules'
import { withCauses } from './causes/attribute'
import { gradientFindings, varianceFindings } from './depth-rules'
import { divergenceFindings, overfittingFindings } from './outcome-rules'
import { belowMajorityFindings, imbalanceFindings } from './data-rules'
import {
  deadReluFindings,
  offCentreFindings,
  saturationFindings,
  symmetryFindings
} from './unit-findings'

export type { DiagnosisInput } from '../../contract/diagnosis/diagnosis-input'

const RULES: readonly ((input: DiagnosisInput) => Finding[])[] = [
  divergenceFindings,
  symmetryFindings,
  varianceFindings,
  gradientFindings,
  deadReluFindings,
  saturationFindings,
  offCentreFindings,
  overfittingFindings,
  coverageFindings,
  belowMajorityFindings,
  imbalanceFindings
]

const SEVERITY_ORDER: Record<Finding['severity'], number> = { problem: 0, warning: 1, info: 2 }

/**
 * Every finding of the run, most severe first (rule order within a severity), each warning and
 * problem with its most likely cause and, when one exists, its fix. Pure.
 */
export function diagnoseRun(input: DiagnosisInput): Finding[] {
  const findings = withCauses(input, RULES.flatMap((rule) => rule(input)))
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map(({ f }) => f)
}

/** A copy of `summary` whose `findings` are this run's findings. Does not mutate. */
export function withFindings(
  summary: RunSummary,
  input: Omit<DiagnosisInput, 'summary'>
): RunSummary {
  return { ...summary, findings: diagnoseRun({ ...input, summary }) }
}
