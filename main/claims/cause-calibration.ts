/**
 * Calibration of the causes: constructed runs whose cause is known by construction (a
 * learning rate too large for the layer, biases started at -3, weights started too small or
 * too large, raw pixels, a deep sigmoid stack, a learning rate that overflows the loss), trained
 * short, diagnosed by the app's findings engine; each one's first finding must name the cause
 * it was built with. Each cause's fix is then run as a second run from the same seed with only
 * the fix's changes, which must make that finding go away. Healthy presets must get no wrong
 * cause (no warning or problem at all).
 */
import { parseRunConfig } from '../contract/config/validate'
import type { RunConfig } from '../contract/config/schema'
import type { CauseCode, ConfigChange, Finding } from '../contract/runs/summary'
import { diagnoseRun } from '../runs/diagnosis/diagnose-run'
import { sizedPreset, trainSmall, type SmallRun, type SmallRunPlace } from './small-run'

/** One constructed case: a preset, its patch, and the cause it was built to show (null: healthy). */
export interface CauseCase {
  name: string
  preset: string
  expects: CauseCode | null
  /**
   * Other causes that are right for secondary findings (dead units before a divergence), or,
   * for a healthy preset, for findings that are not failures of training (overfitting).
   */
  alsoRight?: CauseCode[]
  steps: number
  patch?: (config: RunConfig) => RunConfig
}

const hidden = (c: RunConfig, change: Record<string, unknown>): RunConfig => ({
  ...c,
  model: {
    ...c.model,
    layers: c.model.layers.map((l) =>
      l.type === 'dense' || l.type === 'conv2d' ? { ...l, ...change } : l
    )
  }
})
const optimizer = (c: RunConfig, o: RunConfig['training']['optimizer']): RunConfig => ({
  ...c,
  training: { ...c.training, optimizer: o }
})

/** A healthy preset may overfit a small folder in 60 steps; that is not a wrong cause. */
const HEALTHY_RIGHT: CauseCode[] = ['overfitting']

export const CAUSE_CASES: readonly CauseCase[] = [
  {
    name: 'relu-he, Adam 1e-2',
    preset: 'relu-he',
    expects: 'learning-rate',
    steps: 60,
    patch: (c) =>
      optimizer(c, { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 })
  },
  {
    name: 'relu-he, biases at -3',
    preset: 'relu-he',
    expects: 'bias-shift',
    steps: 30,
    patch: (c) => hidden(c, { biasInit: -3 })
  },
  { name: 'small-init', preset: 'small-init', expects: 'init-scale', steps: 20 },
  { name: 'large-init', preset: 'large-init', expects: 'init-scale', steps: 20 },
  {
    name: 'relu-he, raw pixels',
    preset: 'unnormalized-input',
    expects: 'input-scale',
    steps: 60
  },
  { name: 'sigmoid-deep', preset: 'sigmoid-deep', expects: 'saturating-activation', steps: 30 },
  {
    name: 'relu-he, SGD 10',
    preset: 'relu-he',
    expects: 'divergence',
    alsoRight: ['learning-rate'],
    steps: 30,
    patch: (c) => optimizer(c, { type: 'sgd', learningRate: 10 })
  },
  { name: 'relu-he', preset: 'relu-he', expects: null, alsoRight: HEALTHY_RIGHT, steps: 60 },
  { name: 'batchnorm', preset: 'batchnorm', expects: null, alsoRight: HEALTHY_RIGHT, steps: 60 },
  {
    name: 'xavier-tanh',
    preset: 'xavier-tanh',
    expects: null,
    alsoRight: HEALTHY_RIGHT,
    steps: 60
  }
]

/** One case on one seed and dataset, with its fix's run when it had one. */
export interface CauseRun {
  case: string
  dataset: string
  seed: number
  expects: CauseCode | null
  /** The first (most severe) warning or problem, or null when the run raised none. */
  finding: string | null
  /** The cause named for it. */
  cause: CauseCode | null
  /** Warnings and problems whose cause is not the case's (every alarm, for a healthy case). */
  wrong: string[]
  /** The fix's changes as PATH=VALUE, or null without a fix. */
  fix: string | null
  /** Whether the finding went away in the fix's run (null: no fix run). */
  cured: boolean | null
  /** What the fix's run raised instead (warning and problem codes). */
  afterFix: string[]
}

const alarms = (fs: readonly Finding[]) => fs.filter((f) => f.severity !== 'info')

/** `config` with each change's dotted path set to its value, validated again. Throws when invalid. */
export function withChanges(config: RunConfig, changes: readonly ConfigChange[]): RunConfig {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, unknown>
  for (const { path, value } of changes) {
    const keys = path.split('.')
    let node: Record<string, unknown> = copy
    for (const key of keys.slice(0, -1)) {
      const next = node[key]
      if (typeof next !== 'object' || next === null)
        throw new Error(`The config has no "${key}" on the way to ${path}.`)
      node = next as Record<string, unknown>
    }
    node[keys[keys.length - 1]!] = value
  }
  const parsed = parseRunConfig(copy)
  if (!parsed.ok) throw new Error(`The fix makes an invalid config: ${parsed.error}`)
  return parsed.value
}

async function diagnosed(id: string, config: RunConfig, place: SmallRunPlace) {
  const run: SmallRun = await trainSmall(id, config, place)
  return diagnoseRun({ ...run, summary: { ...run.end, dataset: run.dataset } })
}

/** Trains `c` with `seed` at `place`, diagnoses it, and runs its first finding's fix. */
export async function calibrateCause(
  c: CauseCase,
  seed: number,
  dataset: string,
  place: SmallRunPlace
): Promise<CauseRun> {
  const base = sizedPreset(c.preset, { maxSteps: c.steps, statsEvery: 10 }, seed)
  const config = c.patch ? c.patch(base) : base
  const id = `${c.name.replace(/[^a-z0-9]+/gi, '-')}-s${seed}`
  const findings = alarms(await diagnosed(id, config, place))
  const [first] = findings
  const wrong = findings
    .filter((f) => {
      const code = f.cause?.code
      return code === undefined || !(code === c.expects || c.alsoRight?.includes(code))
    })
    .map((f) => `${f.code}→${f.cause?.code ?? 'none'}`)
  const out: CauseRun = {
    case: c.name,
    dataset,
    seed,
    expects: c.expects,
    finding: first?.code ?? null,
    cause: first?.cause?.code ?? null,
    wrong,
    fix: first?.fix ? first.fix.changes.map((ch) => `${ch.path}=${ch.value}`).join(' ') : null,
    cured: null,
    afterFix: []
  }
  if (!first?.fix) return out
  const after = alarms(await diagnosed(`${id}-fix`, withChanges(config, first.fix.changes), place))
  return {
    ...out,
    cured: !after.some((f) => f.code === first.code),
    afterFix: after.map((f) => f.code)
  }
}

/** The table: per case and dataset, causes named right, wrong causes, fixes that cured. */
export function causeTable(runs: readonly CauseRun[]): string {
  const rows = new Map<string, CauseRun[]>()
  for (const r of runs)
    rows.set(`${r.case}|${r.dataset}`, [...(rows.get(`${r.case}|${r.dataset}`) ?? []), r])
  const lines = [
    '| case | data | expected cause | first finding | cause named right | wrong causes | fix | fix cured it |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const [key, rs] of rows) {
    const [name, data] = key.split('|')
    const r0 = rs[0]!
    const findings = [...new Set(rs.map((r) => r.finding ?? 'none'))].join(', ')
    const right =
      r0.expects === null ? '–' : `${rs.filter((r) => r.cause === r0.expects).length}/${rs.length}`
    const wrong = `${rs.filter((r) => r.wrong.length > 0).length}/${rs.length}`
    const fixes = [...new Set(rs.map((r) => r.fix).filter((f) => f !== null))].join('; ') || '–'
    const fixed = rs.filter((r) => r.cured !== null)
    const cured =
      fixed.length === 0 ? '–' : `${fixed.filter((r) => r.cured).length}/${fixed.length}`
    lines.push(
      `| ${name} | ${data} | ${r0.expects ?? 'none (healthy)'} | ${findings} | ${right} | ${wrong} | ${fixes} | ${cured} |`
    )
  }
  return lines.join('\n')
}
