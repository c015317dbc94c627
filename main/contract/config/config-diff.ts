/**
 * What a run's configuration changed from the preset it started from, in short words for the
 * Runs list: `lr 0.3 → 0.1`, `3 → 1 epochs`, `layer 2 activation relu → tanh`, `4 → 2 layers`.
 * Both configs are validated (defaults filled in), so a default left out and a default written
 * out compare equal. The name, description and input shape are not compared: a preset describes
 * the net and its training, while the input shape follows the data. Pure.
 */
import type { RunConfig } from './schema'

const SKIPPED = new Set(['name', 'description', 'model.inputShape'])

/** Short names of the settings people change most; others use their path. */
const LABELS: Record<string, string> = {
  'training.optimizer.learningRate': 'lr',
  'training.optimizer': 'optimizer',
  'training.learningRateSchedule': 'lr schedule',
  'training.batchSize': 'batch',
  'training.seed': 'seed',
  'training.maxSteps': 'max steps',
  'probe.statsEvery': 'probe every',
  'probe.probeSize': 'probe size',
  'model.outputInitializer': 'output init',
  'data.validationSplit': 'validation split',
  'data.trainPerClass': 'train per class',
  initializer: 'init',
  batchNorm: 'batch norm',
  leakySlope: 'leaky slope',
  kernelSize: 'kernel'
}

/** The differences of `config` from `base`, in reading order. Does not mutate either. */
export function configChanges(config: RunConfig, base: RunConfig): string[] {
  const out: string[] = []
  const layers = config.model.layers
  const baseLayers = base.model.layers
  if (layers.length !== baseLayers.length)
    out.push(`${baseLayers.length} → ${layers.length} layers`)
  for (let i = 0; i < Math.min(layers.length, baseLayers.length); i++)
    walk(baseLayers[i], layers[i], [], (path, from, to) =>
      out.push(`layer ${i + 1} ${label(path)} ${from} → ${to}`)
    )
  walk(base, config, [], (path, from, to) => {
    const key = path.join('.')
    out.push(
      key === 'training.epochs' ? `${from} → ${to} epochs` : `${label(path)} ${from} → ${to}`
    )
  })
  return out
}

type Report = (path: string[], from: string, to: string) => void

/** Calls `report` for every leaf that differs; a `type`-tagged object differs as a whole. */
function walk(base: unknown, value: unknown, path: string[], report: Report): void {
  const key = path.join('.')
  if (SKIPPED.has(key) || key === 'model.layers') return
  if (isRecord(base) && isRecord(value) && base.type === value.type) {
    for (const k of new Set([...Object.keys(base), ...Object.keys(value)]))
      walk(base[k], value[k], [...path, k], report)
    return
  }
  if (isRecord(base) !== isRecord(value) && (base === undefined || value === undefined)) {
    // A section present on one side only (e.g. augmentation): compare its leaves with nothing.
    const [from, to] = base === undefined ? [{}, value] : [base, {}]
    for (const k of new Set([...Object.keys(from as object), ...Object.keys(to as object)]))
      walk(
        (from as Record<string, unknown>)[k],
        (to as Record<string, unknown>)[k],
        [...path, k],
        report
      )
    return
  }
  if (same(base, value)) return
  report(path, show(base), show(value))
}

/** Equal values, and "absent" equal to off/zero (an optional section left out). */
function same(a: unknown, b: unknown): boolean {
  const off = (v: unknown) => v === undefined || v === false || v === 0
  return JSON.stringify(a) === JSON.stringify(b) || (off(a) && off(b))
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function label(path: string[]): string {
  return LABELS[path.join('.')] ?? LABELS[path.at(-1) ?? ''] ?? path.join('.')
}

/** 0.30000001 → `0.3`; true → `on`; {type: 'random-normal', stddev: 0.4} → `random-normal stddev 0.4`. */
function show(v: unknown): string {
  if (v === undefined || v === null) return 'none'
  if (typeof v === 'boolean') return v ? 'on' : 'off'
  if (typeof v === 'number') return String(Number(v.toPrecision(4)))
  if (isRecord(v)) {
    const rest = Object.entries(v).filter(([k]) => k !== 'type')
    return [String(v.type ?? ''), ...rest.map(([k, x]) => `${k} ${show(x)}`)].join(' ').trim()
  }
  return Array.isArray(v) ? v.map(show).join('×') : String(v)
}
