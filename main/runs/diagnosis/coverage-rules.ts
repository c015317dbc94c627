/**
 * What the findings cannot see: a PyTorch run whose model has modules the probe does not measure
 * (an LSTM, an Embedding, a Conv1d, attention, a module never called; config.json's
 * source.coverage) gets a `not-measured`
 * finding naming them, so the findings list is never empty ("No problems found") about a net
 * whose layers were not looked at. A warning when most of the parameters are unmeasured. Pure.
 */
import type { DiagnosisInput } from '../../contract/diagnosis/diagnosis-input'
import { coverageText, unmeasuredShare, type Finding } from '../../contract/runs/summary'

/** Above this share of unmeasured parameters the finding is a warning: no verdict is possible. */
export const UNMEASURED_MOST = 0.5

/** The `not-measured` finding of a run whose summary lists unmeasured modules; [] otherwise. */
export function coverageFindings(input: DiagnosisInput): Finding[] {
  const coverage = input.config.source?.coverage
  if (!coverage || coverage.notMeasured.length === 0) return []
  const most = unmeasuredShare(coverage) > UNMEASURED_MOST
  return [
    {
      code: 'not-measured',
      severity: most ? 'warning' : 'info',
      layers: [],
      steps: null,
      evidence:
        `${coverageText(coverage)}: the findings say nothing about ` +
        (most ? 'most of this model.' : 'these modules.'),
      suggestion:
        'Read the listed modules as unexamined: the probe measures nn.Linear and nn.Conv2d calls ' +
        '(with their norm, activation and dropout).'
    }
  ]
}
