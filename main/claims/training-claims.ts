/**
 * The claims of the presets judged over training: unnormalized inputs against standardized
 * ones, batch norm's statistics, dropout's kept fraction and gap, the CNN's accuracy. Pure data
 * plus checks.
 */
import type { RunConfig } from '../contract/config/schema'
import type { LayerProbe } from '../contract/runs/records'
import {
  atInit,
  claim,
  hidden,
  lastEpoch,
  max,
  mean,
  min,
  nth,
  type Check,
  type Claim
} from './claim'
import type { SmallRun } from './small-run'

/** Fraction of all hidden units dead at initialization. */
const deadAtInit = (run: SmallRun): number => {
  const units = hidden(atInit(run)).map(
    (l, i) => [l.deadFraction, nth(run.layers, i, 'layer').units] as const
  )
  const all = units.reduce((s, [, n]) => s + n, 0)
  return units.reduce((s, [dead, n]) => s + dead * n, 0) / all
}

/** Mean training loss over the run's steps. */
const meanLoss = (run: SmallRun): number => mean(run.steps.map((s) => s.loss))

/** Keeps a unit whose batch variance is 0 from dividing by 0 (batch norm's default epsilon). */
const BN_EPSILON = 1e-3

/**
 * Batch norm: how far the moving averages are from this batch's statistics, per layer, in the
 * batch statistics' own units: |batch mean - moving mean| / batch std plus |batch var / moving
 * var - 1|, averaged over units. Relative, because a layer's scale may grow while the averages
 * follow it (the first layer's Var(pre) grows about 15x within 25 steps on a colour icon folder).
 */
const averagesGap = (l: LayerProbe): number => {
  const bn = l.batchNorm!
  const sd = (i: number) => Math.sqrt(bn.batchVar[i]! + BN_EPSILON)
  return (
    mean(bn.batchMean.map((m, i) => Math.abs(m - bn.movingMean[i]!) / sd(i))) +
    mean(
      bn.batchVar.map((v, i) => Math.abs((v + BN_EPSILON) / (bn.movingVar[i]! + BN_EPSILON) - 1))
    )
  )
}

const withoutDropout = (c: RunConfig): RunConfig => ({
  ...c,
  model: {
    ...c.model,
    layers: c.model.layers.map((l) => (l.type === 'dense' ? { ...l, dropout: 0 } : l))
  }
})

const trainValGap = (run: SmallRun): number => lastEpoch(run).trainAcc - lastEpoch(run).valAcc

export const TRAINING_CLAIMS: Claim[] = [
  claim({
    preset: 'unnormalized-input',
    statement:
      'raw [0, 1] pixels leave more units dead at step 0 and learn more slowly than relu-he on standardized ones',
    runs: {
      raw: { preset: 'unnormalized-input', small: { maxSteps: 40 } },
      he: { preset: 'relu-he', small: { maxSteps: 40 } }
    },
    check(runs) {
      return [
        {
          label: 'hidden units dead at step 0, raw - standardized',
          measured: deadAtInit(runs.raw) - deadAtInit(runs.he),
          op: '>',
          limit: 0.01
        },
        {
          label: 'mean train loss over 40 steps, raw / standardized',
          measured: meanLoss(runs.raw) / meanLoss(runs.he),
          op: '>',
          limit: 1
        }
      ]
    }
  }),
  claim({
    preset: 'batchnorm',
    statement:
      'normalizes to mean 0, variance 1 once the moving averages have followed the batch statistics',
    runs: {
      run: {
        preset: 'batchnorm',
        small: {
          maxSteps: 25,
          statsEvery: 24,
          patch: (c) => ({ ...c, model: { ...c.model, batchNormAlpha: 0.3 } })
        }
      }
    },
    check(runs) {
      const { probes } = runs.run
      const first = hidden(nth(probes, 0, 'probe').layers)
      const last = hidden(nth(probes, -1, 'probe').layers)
      return [
        {
          label: 'max |mean(BN out)|',
          measured: max(last.map((l) => Math.abs(l.preNorm!.mean))),
          op: '<',
          limit: 0.15,
          theory: '0'
        },
        {
          label: 'min Var(BN out)',
          measured: min(last.map((l) => l.preNorm!.variance)),
          op: '>',
          limit: 0.6,
          theory: '1'
        },
        {
          label: 'max Var(BN out)',
          measured: max(last.map((l) => l.preNorm!.variance)),
          op: '<',
          limit: 1.4,
          theory: '1'
        },
        {
          label: 'moving-average gap end / start (in batch std units), mean over layers',
          measured: mean(
            last.map((l, i) => averagesGap(l) / averagesGap(nth(first, i, 'probed layer')))
          ),
          op: '<',
          limit: 0.6
        }
      ]
    }
  }),
  claim({
    preset: 'dropout',
    statement: 'keeps about 1 - rate of the units and narrows the train/validation gap',
    runs: {
      on: { preset: 'dropout', small: { maxSteps: 20, statsEvery: 10 } },
      off: { preset: 'dropout', small: { maxSteps: 20, statsEvery: 10, patch: withoutDropout } }
    },
    check(runs): Check[] {
      const kept = runs.on.probes.flatMap((p) => hidden(p.layers).map((l) => l.dropoutKept ?? 0))
      return [
        {
          label: 'max |kept fraction - 0.5|',
          measured: max(kept.map((k) => Math.abs(k - 0.5))),
          op: '<',
          limit: 0.05,
          theory: 'p = 0.5'
        },
        {
          label: 'train - val accuracy without dropout',
          measured: trainValGap(runs.off),
          op: '>',
          limit: 0.05
        },
        {
          label: 'gap with - gap without dropout',
          measured: trainValGap(runs.on) - trainValGap(runs.off),
          op: '<',
          limit: -0.05
        }
      ]
    }
  }),
  claim({
    preset: 'cnn-baseline',
    statement: 'trains two conv + pool blocks well above chance within a few steps',
    runs: { run: { preset: 'cnn-baseline', small: { maxSteps: 20 } } },
    check(runs) {
      const chance = 1 / (runs.run.dataset?.classes.length ?? 10)
      const checks: Check[] = [
        { label: 'weighted layers', measured: atInit(runs.run).length, op: '=', limit: 3 },
        {
          label: 'validation accuracy',
          measured: lastEpoch(runs.run).valAcc,
          op: '>',
          limit: 0.5,
          theory: `chance ${chance.toFixed(2)}`
        }
      ]
      const test = runs.run.end.final.testAcc
      if (test != null) checks.push({ label: 'test accuracy', measured: test, op: '>', limit: 0.5 })
      return checks
    }
  })
]
