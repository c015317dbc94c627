/**
 * Run records checked at the door against the run-format JSON Schemas (resources/run-format/),
 * before anything reaches the renderer or a report: a probe record without `units` broke the
 * Layers, 3D and dead-neuron views, and a 2000-class confusion matrix crashed the renderer at
 * start. The schemas say what a field holds; the cross-checks here say what a schema cannot
 * (a confusion matrix is classes × classes, a class index names a class). Pure.
 */
import { validate, type Schema } from './json-schema-check'
import stepsSchema from '../../resources/run-format/steps.schema.json'
import probesSchema from '../../resources/run-format/probes.schema.json'
import epochsSchema from '../../resources/run-format/epochs.schema.json'
import evaluationSchema from '../../resources/run-format/evaluation.schema.json'
import summarySchema from '../../resources/run-format/summary.schema.json'
import layersSchema from '../../resources/run-format/layers.schema.json'
import type { RunEvaluation } from '../contract/runs/evaluation'

const LINE_SCHEMAS = {
  steps: stepsSchema as Schema,
  probes: probesSchema as Schema,
  epochs: epochsSchema as Schema
}

export type RecordFile = keyof typeof LINE_SCHEMAS

/** True when one (parsed) record of `file` matches its schema. Does not mutate. */
export function recordFits(file: RecordFile, record: unknown): boolean {
  return validate(LINE_SCHEMAS[file], record).length === 0
}

/** The whole-file JSON run files checked at the door, each against its schema. */
const FILE_SCHEMAS = { summary: summarySchema as Schema, layers: layersSchema as Schema }

/**
 * What is wrong with the parsed content of `file` (summary.json, layers.json), its first few
 * problems as "path: why"; [] when it matches its schema. Does not mutate.
 */
export function fileProblems(file: keyof typeof FILE_SCHEMAS, value: unknown): string[] {
  return validate(FILE_SCHEMAS[file], value).slice(0, 3)
}

/**
 * What is wrong with an evaluation.json value (its first few problems as "path: why"), or []
 * when it is a RunEvaluation this app can show. Does not mutate.
 */
export function evaluationProblems(value: unknown): string[] {
  const problems = validate(evaluationSchema as Schema, value)
  if (problems.length > 0) return problems.slice(0, 3)
  const evaluation = value as RunEvaluation
  const n = evaluation.classes.length
  for (const [s, split] of evaluation.splits.entries()) {
    const at = `$.splits[${s}]`
    if (split.confusion.length !== n || split.confusion.some((row) => row.length !== n))
      problems.push(`${at}.confusion: not ${n} × ${n} (one row and column per class)`)
    if (split.counts.length !== n) problems.push(`${at}.counts: not ${n} long`)
    if (split.perClassAccuracy.length !== n) problems.push(`${at}.perClassAccuracy: not ${n} long`)
  }
  for (const [i, m] of evaluation.misclassified.entries())
    if (m.trueClass >= n || m.predictedClass >= n)
      problems.push(`$.misclassified[${i}]: a class index past the ${n} classes`)
  return problems.slice(0, 3)
}
