/**
 * How a finding's cause and fix read in one line, the same in the app and the report:
 * "Likely cause: …" (or "Possible cause: …" when the evidence points two ways), and
 * "Fix: set training.optimizer.learningRate to 0.0001. Why …". Pure.
 */
import type { FindingCause, FindingFix } from '../runs/summary'

/** "Likely cause" or "Possible cause", from the cause's confidence. */
export function causeLabel(cause: Pick<FindingCause, 'confidence'>): string {
  return cause.confidence === 'likely' ? 'Likely cause' : 'Possible cause'
}

/** The fix's changes in words: "set a to 1 and b to true". */
export function fixChanges(fix: Pick<FindingFix, 'changes'>): string {
  const parts = fix.changes.map((c) => `${c.path} to ${JSON.stringify(c.value)}`)
  const body =
    parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
  return `set ${body}`
}
