/**
 * The claims of the activation and initialization presets, measured at initialization (the
 * first probe of a one-step run) or over a few dozen steps. Pure data plus checks.
 */
import {
  atInit,
  geometricMean,
  hidden,
  max,
  mean,
  min,
  nth,
  ONE_STEP,
  ratios,
  claim,
  type Check,
  type Claim
} from './claim'
import type { SmallRun } from './small-run'

export const ACTIVATION_CLAIMS: Claim[] = [
  claim({
    preset: 'sigmoid-deep',
    statement:
      'outputs sit near 0.5, the first layer saturates, the gradient shrinks layer by layer toward the input',
    runs: { run: { preset: 'sigmoid-deep', small: ONE_STEP } },
    check(runs) {
      const layers = atInit(runs.run)
      return [
        {
          label: 'max |mean(post) - 0.5|',
          measured: max(hidden(layers).map((l) => Math.abs(l.post.mean - 0.5))),
          op: '<',
          limit: 0.15,
          theory: 'sigmoid(0) = 0.5'
        },
        {
          label: 'layer 1 saturated',
          measured: nth(layers, 0, 'layer').saturatedFraction,
          op: '>',
          limit: 0.25
        },
        {
          label: 'geometric mean grad norm ratio layer k+1 / k',
          measured: geometricMean(ratios(layers.map((l) => l.gradNorm))),
          op: '>',
          limit: 1.4,
          theory: "≤ 4 per layer (σ' ≤ 1/4)"
        },
        {
          label: 'grad norm layer 1 / output',
          measured: nth(layers, 0, 'layer').gradNorm / nth(layers, -1, 'layer').gradNorm,
          op: '<',
          limit: 0.02
        }
      ]
    }
  }),
  claim({
    preset: 'tanh-deep',
    statement:
      "outputs are zero-centred while the variance shrinks and every gradient is over 50x below xavier-tanh's",
    runs: {
      small: { preset: 'tanh-deep', small: ONE_STEP },
      xavier: { preset: 'xavier-tanh', small: ONE_STEP }
    },
    check(runs) {
      const small = hidden(atInit(runs.small))
      const xavier = hidden(atInit(runs.xavier))
      return [
        {
          label: 'max |mean(post)|',
          measured: max(small.map((l) => Math.abs(l.post.mean))),
          op: '<',
          limit: 0.2,
          theory: 'tanh(0) = 0 (sigmoid: 0.5)'
        },
        {
          label: 'max Var(pre) ratio layer k+1 / k',
          measured: max(ratios(small.map((l) => l.pre.variance))),
          op: '<',
          limit: 0.3
        },
        {
          label: 'max grad norm / xavier-tanh',
          measured: max(small.map((l, i) => l.gradNorm / nth(xavier, i, 'layer').gradNorm)),
          op: '<',
          limit: 0.02
        }
      ]
    }
  }),
  claim({
    preset: 'relu-dying',
    statement:
      'kills over a quarter of the hidden units within 30 steps; leaky-relu under the same settings keeps every unit alive',
    runs: {
      dying: { preset: 'relu-dying', small: { maxSteps: 31, statsEvery: 10 } },
      leaky: { preset: 'leaky-relu', small: { maxSteps: 31, statsEvery: 10 } }
    },
    check(runs) {
      const dying = runs.dying.probes
      const last = nth(dying, -1, 'probe')
      return [
        {
          label: 'layer 1 dead at step 0',
          measured: nth(nth(dying, 0, 'probe').layers, 0, 'layer').deadFraction,
          op: '<',
          limit: 0.05
        },
        {
          label: `hidden units dead at step ${last.step}`,
          measured: mean(hidden(last.layers).map((l) => l.deadFraction)),
          op: '>',
          limit: 0.25
        },
        {
          label: 'leaky-relu: max dead fraction',
          measured: max(runs.leaky.probes.flatMap((p) => p.layers.map((l) => l.deadFraction))),
          op: '=',
          limit: 0
        }
      ]
    }
  })
]

/** Var(pre) of each hidden layer divided by the previous one's, at initialization. */
const varianceRatios = (run: SmallRun): number[] =>
  ratios(hidden(atInit(run)).map((l) => l.pre.variance))

/** |measured / predicted - 1| at its worst over the hidden layers, at initialization. */
const worstPrediction = (run: SmallRun): Check => ({
  label: 'max |Var(pre) / n·Var(w)·E[x²] - 1|',
  measured: max(hidden(atInit(run)).map((l) => Math.abs(l.pre.variance / l.predictedPreVar - 1))),
  op: '<',
  limit: 0.5
})

const SMALL_PREDICTED = (128 * 0.03 ** 2) / 2
const LARGE_PREDICTED = 64 / 2

export const INIT_CLAIMS: Claim[] = [
  claim({
    preset: 'relu-he',
    statement: "keeps the last hidden layer's Var(pre) within a factor 2 of the first's",
    runs: { run: { preset: 'relu-he', small: ONE_STEP } },
    check(runs) {
      const layers = hidden(atInit(runs.run))
      const r = nth(layers, -1, 'layer').pre.variance / nth(layers, 0, 'layer').pre.variance
      return [
        {
          label: 'Var(pre) last / first hidden',
          measured: r,
          op: '>',
          limit: 0.5,
          theory: '1 (He)'
        },
        { label: 'Var(pre) last / first hidden', measured: r, op: '<', limit: 2, theory: '1 (He)' },
        worstPrediction(runs.run)
      ]
    }
  }),
  claim({
    preset: 'small-init',
    statement: 'shrinks the variance by about n·0.0009/2 per ReLU layer',
    runs: { run: { preset: 'small-init', small: ONE_STEP } },
    check(runs) {
      const measured = varianceRatios(runs.run)
      const theory = 'n·σ²/2 = 0.0576'
      return [
        {
          label: 'min ratio / theory',
          measured: min(measured) / SMALL_PREDICTED,
          op: '>',
          limit: 0.5,
          theory
        },
        {
          label: 'max ratio / theory',
          measured: max(measured) / SMALL_PREDICTED,
          op: '<',
          limit: 2,
          theory
        },
        {
          label: '|geometric mean ratio / theory - 1|',
          measured: Math.abs(geometricMean(measured) / SMALL_PREDICTED - 1),
          op: '<',
          limit: 0.5,
          theory
        }
      ]
    }
  }),
  claim({
    preset: 'large-init',
    statement: 'explodes the variance with depth, about n/2 per ReLU layer',
    runs: { run: { preset: 'large-init', small: ONE_STEP } },
    check(runs) {
      const measured = varianceRatios(runs.run)
      const layers = hidden(atInit(runs.run))
      const theory = 'n/2 = 32'
      return [
        {
          label: 'min Var(pre) ratio per layer',
          measured: min(measured),
          op: '>',
          limit: 10,
          theory
        },
        {
          label: 'Var(pre) last / first hidden',
          measured: nth(layers, -1, 'layer').pre.variance / nth(layers, 0, 'layer').pre.variance,
          op: '>',
          limit: 1e4
        },
        {
          label: '|geometric mean ratio / theory - 1|',
          measured: Math.abs(geometricMean(measured) / LARGE_PREDICTED - 1),
          op: '<',
          limit: 0.5,
          theory
        }
      ]
    }
  }),
  claim({
    preset: 'xavier-tanh',
    statement: 'shrinks the variance only slightly from layer to layer, as the formula predicts',
    runs: { run: { preset: 'xavier-tanh', small: ONE_STEP } },
    check(runs) {
      const layers = hidden(atInit(runs.run))
      const measured = ratios(layers.slice(1).map((l) => l.pre.variance))
      return [
        { label: 'min Var(pre) ratio layer k+1 / k', measured: min(measured), op: '>', limit: 0.4 },
        {
          label: 'max Var(pre) ratio layer k+1 / k',
          measured: max(measured),
          op: '<',
          limit: 1.25
        },
        { ...worstPrediction(runs.run), limit: 0.25 }
      ]
    }
  }),
  claim({
    preset: 'zeros-init',
    statement: 'keeps weight spread at exactly 0 in every hidden layer while the weights change',
    runs: { run: { preset: 'zeros-init', small: { maxSteps: 6, statsEvery: 2 } } },
    check(runs) {
      const { probes } = runs.run
      const last = nth(probes, -1, 'probe')
      return [
        {
          label: 'max hidden weight spread',
          measured: max(probes.flatMap((p) => hidden(p.layers).map((l) => l.weights.spread))),
          op: '=',
          limit: 0
        },
        {
          label: 'max weight norm at step 0',
          measured: max(nth(probes, 0, 'probe').layers.map((l) => l.weights.norm)),
          op: '=',
          limit: 0
        },
        {
          label: 'min hidden weight norm at the end',
          measured: min(hidden(last.layers).map((l) => l.weights.norm)),
          op: '>',
          limit: 0
        },
        {
          label: 'output weight spread at the end',
          measured: nth(last.layers, -1, 'layer').weights.spread,
          op: '>',
          limit: 0
        }
      ]
    }
  })
]
