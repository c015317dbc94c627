/**
 * Findings about the units of each hidden layer: dead ReLU units, saturated sigmoid/tanh units,
 * outputs that are not zero-centred, and units kept identical by symmetric initialization.
 * Pure: DiagnosisInput in, Finding[] out.
 */
import type { LayerInfo, LayerProbe } from '../../contract/runs/records'
import type { Finding } from '../../contract/runs/summary'
import { censuses, censusLayer, type CensusAt } from '../../contract/runs/dead-census'
import {
  hiddenLayerIndices,
  learningRate,
  num,
  pct,
  runUses,
  stepRange,
  suggestionText,
  type DiagnosisInput
} from '../../contract/diagnosis/diagnosis-input'
import {
  DEAD_FRACTION_GROWTH,
  DEAD_FRACTION_PROBLEM,
  DEAD_FRACTION_WARNING,
  OFF_CENTRE_MEAN,
  SATURATED_FRACTION_PROBLEM,
  SATURATED_FRACTION_WARNING,
  SYMMETRY_RELATIVE_SPREAD
} from '../../contract/diagnosis/thresholds'

function layerProbes(input: DiagnosisInput, layer: number): LayerProbe[] {
  return input.probes.map((p) => p.layers[layer]).filter((l): l is LayerProbe => l !== undefined)
}

interface LayerHit {
  layer: number
  info: LayerInfo
  value: number
}

/** Hidden layers with `activation` in `kinds` whose `measure` satisfies `trips`. */
function hits(
  input: DiagnosisInput,
  kinds: readonly string[],
  measure: (layer: number) => number,
  trips: (value: number) => boolean
): LayerHit[] {
  return hiddenLayerIndices(input.layers)
    .flatMap((layer) => {
      const info = input.layers[layer]
      return info && kinds.includes(info.activation) ? [{ layer, info, value: measure(layer) }] : []
    })
    .filter((h) => trips(h.value))
}

/** "dense_1 42%, dense_3 31%" */
function listing(
  input: DiagnosisInput,
  found: readonly LayerHit[],
  show: (v: number) => string
): string {
  return found.map((h) => `${h.info.name} ${show(h.value)}`).join(', ')
}

/**
 * Where a run's dead fractions come from: the census on the training split when the run took
 * one (dead means dead), else the probe batch (units silent there are only inactive on it).
 */
interface DeadSource {
  /** Dead fraction of hidden layer `i` at the source's last and first measurement. */
  last: (i: number) => number
  first: (i: number) => number
  lastStep: number
  firstStep: number
  /** Steps at which the fraction was measured, for the step range. */
  over: { step: number; fraction: (i: number) => number }[]
  /** "output 0 on every one of the 1,200 training examples" / "on every probe example". */
  what: string
  checked: boolean
}

function censusSource(input: DiagnosisInput): DeadSource | null {
  const all = censuses(input.probes, input.epochs)
  const first = all[0]
  const last = all.at(-1)
  if (!first || !last) return null
  const fraction = (c: CensusAt) => (i: number) =>
    (censusLayer(c.census, i)?.dead.length ?? 0) / Math.max(1, input.layers[i]?.units ?? 1)
  const capped = last.census.examples < last.census.splitExamples
  return {
    last: fraction(last),
    first: fraction(first),
    lastStep: last.step,
    firstStep: first.step,
    over: all.map((c) => ({ step: c.step, fraction: fraction(c) })),
    what:
      `output 0 on every one of the ${last.census.examples.toLocaleString('en-US')} ` +
      `training examples${capped ? ` checked (of ${last.census.splitExamples.toLocaleString('en-US')})` : ''}, so no example sends them a gradient`,
    checked: true
  }
}

function probeSource(input: DiagnosisInput): DeadSource | null {
  const last = input.probes.at(-1)
  const first = input.probes[0]
  if (!last || !first) return null
  const fraction = (p: (typeof input.probes)[number]) => (i: number) =>
    p.layers[i]?.deadFraction ?? 0
  return {
    last: fraction(last),
    first: fraction(first),
    lastStep: last.step,
    firstStep: first.step,
    over: input.probes.map((p) => ({ step: p.step, fraction: fraction(p) })),
    what: 'output 0 on every probe example, so that batch sends them no gradient',
    checked: false
  }
}

/**
 * ReLU layers with at least DEAD_FRACTION_WARNING of their units dead at the end: by the census
 * on the training split when the run has one, else by the probe batch (said so in the text).
 */
export function deadReluFindings(input: DiagnosisInput): Finding[] {
  const src = censusSource(input) ?? probeSource(input)
  if (!src) return []
  const died = (i: number) => src.last(i) - src.first(i)
  const trips = (i: number) =>
    src.last(i) >= DEAD_FRACTION_PROBLEM ||
    (src.last(i) >= DEAD_FRACTION_WARNING && died(i) >= DEAD_FRACTION_GROWTH)
  const found = hits(input, ['relu'], src.last, () => true).filter((h) => trips(h.layer))
  if (found.length === 0) return []
  const worst = Math.max(...found.map((h) => h.value))
  const layers = found.map((h) => h.layer)
  const lr = learningRate(input.config)
  const inits = [...new Set(found.map((h) => h.info.initializer))]
  const during = src.over.filter((m) => layers.some((i) => m.fraction(i) >= DEAD_FRACTION_WARNING))
  const steps: [number, number] | null =
    during.length > 0 ? [during[0]!.step, during.at(-1)!.step] : null
  const noun = src.checked ? 'Dead ReLU units' : 'ReLU units inactive on the probe batch'
  return [
    {
      code: 'dead-relu',
      severity: worst >= DEAD_FRACTION_PROBLEM ? 'problem' : 'warning',
      layers,
      steps,
      evidence:
        `${noun} (${src.what}) at step ${src.lastStep}: ` +
        `${listing(input, found, pct)}; at step ${src.firstStep} the same layers had ` +
        `${layers.map((i) => pct(src.first(i))).join(', ')}` +
        (steps
          ? `; ${pct(DEAD_FRACTION_WARNING)} or more at the ${src.checked ? 'checks' : 'probes'} of steps ${steps[0]}–${steps[1]}.`
          : '.') +
        (src.checked
          ? ''
          : ' This run has no check on the whole training split, so some of them may still fire on training images.'),
      suggestion: suggestionText(
        [
          'leaky ReLU (slope 0.01), which never dies',
          `a lower learning rate than ${num(lr)} (e.g. ${num(lr / 10)})`,
          !inits.every((x) => x.startsWith('he-')) &&
            `He initialization instead of ${inits.join(', ')}`
        ],
        ''
      )
    }
  ]
}

/** Sigmoid/tanh layers whose mean saturated fraction over all probes is high. */
export function saturationFindings(input: DiagnosisInput): Finding[] {
  if (input.probes.length === 0) return []
  const meanSaturated = (i: number) =>
    layerProbes(input, i).reduce((a, l) => a + l.saturatedFraction, 0) / input.probes.length
  const found = hits(
    input,
    ['sigmoid', 'tanh'],
    meanSaturated,
    (v) => v >= SATURATED_FRACTION_WARNING
  )
  if (found.length === 0) return []
  const layers = found.map((h) => h.layer)
  const kinds = [...new Set(found.map((h) => h.info.activation))].join('/')
  return [
    {
      code: 'saturation',
      severity:
        Math.max(...found.map((h) => h.value)) >= SATURATED_FRACTION_PROBLEM
          ? 'problem'
          : 'warning',
      layers,
      steps: stepRange(input.probes, (p) =>
        layers.some((i) => (p.layers[i]?.saturatedFraction ?? 0) >= SATURATED_FRACTION_WARNING)
      ),
      evidence:
        `Saturated ${kinds} units (output in the flat tails, where the local gradient is nearly 0), ` +
        `averaged over ${input.probes.length} probes: ${listing(input, found, pct)}.`,
      suggestion: saturationSuggestion(input, kinds)
    }
  ]
}

/** ReLU, then what keeps a saturating layer in its steep middle, minus what the run has. */
function saturationSuggestion(input: DiagnosisInput, kinds: string): string {
  const uses = runUses(input.layers)
  return suggestionText(
    [
      `ReLU (or leaky ReLU) instead of ${kinds}`,
      !uses.xavier && `Xavier initialization, which keeps ${kinds} inputs in the steep middle`,
      !uses.batchNorm && 'batch norm before the activation, which does the same during training'
    ],
    ''
  )
}

/** Sigmoid/tanh layers whose mean output at the last probe is far from 0. */
export function offCentreFindings(input: DiagnosisInput): Finding[] {
  const last = input.probes.at(-1)
  if (!last) return []
  const mean = (i: number) => last.layers[i]?.post.mean ?? 0
  const found = hits(input, ['sigmoid', 'tanh'], mean, (v) => Math.abs(v) >= OFF_CENTRE_MEAN)
  if (found.length === 0) return []
  const layers = found.map((h) => h.layer)
  const kinds = [...new Set(found.map((h) => h.info.activation))].join('/')
  return [
    {
      code: 'not-zero-centred',
      severity: 'warning',
      layers,
      steps: stepRange(input.probes, (p) =>
        layers.some((i) => Math.abs(p.layers[i]?.post.mean ?? 0) >= OFF_CENTRE_MEAN)
      ),
      evidence:
        `Mean ${kinds} output at step ${last.step}: ${listing(input, found, num)} (not 0). ` +
        'Every weight of the next layer then gets a gradient of the same sign, so updates zig-zag.',
      suggestion: suggestionText(
        [
          kinds.includes('sigmoid') && 'tanh, which is zero-centred, instead of sigmoid',
          !runUses(input.layers).batchNorm &&
            'batch norm before the activation, which centres its input'
        ],
        `A lower learning rate than ${num(learningRate(input.config))}: the layer drifted off centre although it uses batch norm.`
      )
    }
  ]
}

function symmetric(l: LayerProbe): boolean {
  const rms = Math.sqrt(l.weights.variance + l.weights.mean * l.weights.mean)
  return l.weights.spread <= SYMMETRY_RELATIVE_SPREAD * rms
}

/** Layers with more than one unit whose units are still identical at the last probe. */
export function symmetryFindings(input: DiagnosisInput): Finding[] {
  const last = input.probes.at(-1)
  if (!last) return []
  const found = input.layers.flatMap((info, i) => {
    const probe = last.layers[i]
    return probe !== undefined && info.units > 1 && symmetric(probe) ? [{ info, i, probe }] : []
  })
  const layers = found.map(({ i }) => i)
  if (layers.length === 0) return []
  const names = found.map(
    ({ info, probe }) =>
      `${info.name} (${info.units} units, spread ${num(probe.weights.spread)})`
  )
  const inits = [...new Set(found.map(({ info }) => info.initializer))].join(', ')
  return [
    {
      code: 'symmetric-units',
      severity: 'problem',
      layers,
      steps: stepRange(input.probes, (p) =>
        layers.every((i) => (p.layers[i] ? symmetric(p.layers[i]) : false))
      ),
      evidence:
        `At step ${last.step} every unit has the same incoming weights in ${names.join(', ')}; ` +
        `initializer ${inits}. They compute the same thing and get the same update, so each ` +
        'layer acts like a single unit.',
      suggestion:
        'Random initialization, which breaks the symmetry: He for ReLU, Xavier (Glorot) for tanh or sigmoid.'
    }
  ]
}
