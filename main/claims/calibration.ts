/**
 * Calibration of the findings: every failure preset trained at its full length must raise the
 * finding it exists to show (hit rate), and the healthy presets must raise no warning or problem
 * (false-alarm rate), over seeds and datasets. Each run is diagnosed by the same findings engine
 * the app uses.
 */
import { diagnoseRun } from '../runs/diagnosis/diagnose-run'
import type { Finding } from '../contract/runs/summary'
import { sizedPreset, trainSmall, type SmallRun, type SmallRunPlace } from './small-run'

/** A preset at its full length (or patched), and the finding it must raise (null: none at all). */
export interface CalibrationCase {
  name: string
  preset: string
  expects: string | null
  epochs?: number
  /** Seeds this case always runs on, whatever the command was given. */
  seeds?: number[]
}

const ONE_TO_TEN = Array.from({ length: 10 }, (_, i) => i + 1)

export const CALIBRATION_CASES: readonly CalibrationCase[] = [
  { name: 'sigmoid-deep', preset: 'sigmoid-deep', expects: 'vanishing-gradients' },
  { name: 'tanh-deep', preset: 'tanh-deep', expects: 'variance-collapse' },
  { name: 'relu-dying', preset: 'relu-dying', expects: 'dead-relu', seeds: ONE_TO_TEN },
  {
    name: 'relu-dying, 1 epoch',
    preset: 'relu-dying',
    expects: 'dead-relu',
    epochs: 1,
    seeds: ONE_TO_TEN
  },
  { name: 'small-init', preset: 'small-init', expects: 'variance-collapse' },
  { name: 'large-init', preset: 'large-init', expects: 'variance-explosion' },
  { name: 'zeros-init', preset: 'zeros-init', expects: 'symmetric-units' },
  { name: 'relu-he', preset: 'relu-he', expects: null },
  { name: 'xavier-tanh', preset: 'xavier-tanh', expects: null },
  { name: 'batchnorm', preset: 'batchnorm', expects: null },
  { name: 'cnn-baseline', preset: 'cnn-baseline', expects: null }
]

/** One case on one seed and dataset: the findings its run raised. */
export interface CalibrationRun {
  case: string
  dataset: string
  seed: number
  /** Codes of warning and problem findings (info findings are not alarms). */
  alarms: string[]
  /** Every finding code, info included. */
  codes: string[]
  status: string
}

/** Trains `c` at full length with `seed` on `place` and diagnoses it. Never throws. */
export async function calibrate(
  c: CalibrationCase,
  seed: number,
  dataset: string,
  place: SmallRunPlace
): Promise<CalibrationRun> {
  const config = sizedPreset(c.preset, { maxSteps: null }, seed)
  const sized = c.epochs
    ? { ...config, training: { ...config.training, epochs: c.epochs } }
    : config
  const id = `${c.name.replace(/[^a-z0-9]+/gi, '-')}-s${seed}`
  const run = await trainSmall(id, sized, place).catch((thrown: unknown) => thrown)
  if (!isRun(run)) return { case: c.name, dataset, seed, alarms: [], codes: [], status: 'failed' }
  const findings = diagnoseRun({ ...run, summary: { ...run.end, dataset: run.dataset } })
  return {
    case: c.name,
    dataset,
    seed,
    alarms: findings.filter(isAlarm).map((f) => f.code),
    codes: findings.map((f) => f.code),
    status: run.end.status
  }
}

const isRun = (x: unknown): x is SmallRun => typeof x === 'object' && x !== null && 'end' in x
const isAlarm = (f: Finding) => f.severity !== 'info'

/** Per finding: hit rate on the cases expecting it, false alarms on the healthy cases. Pure. */
export function calibrationTable(
  runs: readonly CalibrationRun[],
  cases: readonly CalibrationCase[] = CALIBRATION_CASES
): string {
  const expects = new Map(cases.map((c) => [c.name, c.expects]))
  const healthy = runs.filter((r) => expects.get(r.case) === null)
  const codes = [
    ...new Set([
      ...cases.flatMap((c) => (c.expects ? [c.expects] : [])),
      ...runs.flatMap((r) => r.alarms)
    ])
  ]
  const rate = (hits: number, n: number) =>
    n === 0 ? '–' : `${hits}/${n} (${Math.round((100 * hits) / n)}%)`
  const lines = [
    '| finding | its presets | hit rate | false alarms on relu-he, xavier-tanh, batchnorm, cnn-baseline |',
    '| --- | --- | --- | --- |'
  ]
  for (const code of codes) {
    const own = runs.filter((r) => expects.get(r.case) === code)
    const names = [...new Set(own.map((r) => r.case))].join(', ') || '–'
    const hits = own.filter((r) => r.codes.includes(code)).length
    const alarms = healthy.filter((r) => r.alarms.includes(code)).length
    lines.push(
      `| \`${code}\` | ${names} | ${rate(hits, own.length)} | ${rate(alarms, healthy.length)} |`
    )
  }
  return lines.join('\n')
}
