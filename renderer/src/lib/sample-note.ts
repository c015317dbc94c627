/**
 * What a layer's probe statistics rest on, in words for the Layers table: "on 256 examples" for
 * a dense layer, "on 10 examples × 784 positions" for a conv layer whose rows are capped. Pure.
 */
import type { LayerInfo, ProbeSample } from '../../../main/contract/runs/records'

/** The note and its tooltip for one layer's `sample`. Does not mutate. */
export function sampleNote(
  sample: ProbeSample,
  kind: LayerInfo['kind']
): { text: string; title: string } {
  const examples = `${sample.examples.toLocaleString('en-US')} example${sample.examples === 1 ? '' : 's'}`
  if (kind === 'dense' || sample.positions <= 1)
    return { text: `on ${examples}`, title: `These numbers are measured on ${examples}.` }
  const positions = sample.positions.toLocaleString('en-US')
  return {
    text: `on ${examples} × ${positions} positions`,
    title:
      `Conv statistics use at most 8,192 rows (examples × positions): ${examples} of the ` +
      `probe batch, each at ${positions} positions.`
  }
}
