/**
 * Help in place, as data: the glossary of the words the views use (each tied to the lecture
 * idea it belongs to) and, per view, a short "what am I looking at" note naming the lecture idea
 * the view shows and the preset that shows it best. The same ideas, claim by claim, are in
 * docs/lecture.md; the app itself never links outside itself. Pure data.
 */
import type { ViewId } from '../views/view-ids'

/** The lecture's parts, as the notes and the glossary name them. */
export const LECTURE_IDEAS = {
  activations: 'Activations: sigmoid and tanh saturate, ReLU units can die',
  init: 'Initialization: Var(h) = n·Var(w)·Var(x), so the weights’ scale must match the fan-in',
  normalized: 'Normalized inputs: the variance argument assumes inputs with mean 0',
  dying: 'Units that die during training: too large an update pushes a unit below 0 for good',
  batchnorm: 'Batch normalization: keep each unit’s pre-activation at mean 0, variance 1',
  dropout: 'Dropout: keep each unit with probability p while training',
  augmentation: 'Data augmentation: new training examples from flips, rotations, colour shifts',
  takeaways: 'Takeaways: ReLU, He init, batch norm or dropout, augmented data'
} as const

export type LectureIdea = keyof typeof LECTURE_IDEAS

export interface GlossaryEntry {
  term: string
  meaning: string
  idea: LectureIdea
}

/** The glossary, alphabetical by term. */
export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    term: 'batch norm',
    meaning:
      'Normalizes each unit’s pre-activation over the batch to mean 0 and variance 1, then scales and shifts it by learned γ and β. Training uses the batch’s statistics; evaluation uses their moving averages.',
    idea: 'batchnorm'
  },
  {
    term: 'census',
    meaning:
      'The check, before training and at each epoch’s end, of which units output 0 on every training example it reads. Only a unit the census finds silent is called dead; silent on the probe alone, it is inactive on the probe.',
    idea: 'dying'
  },
  {
    term: 'dead unit',
    meaning:
      'A ReLU unit whose output is 0 for every training example (checked on the training split, the census). Its incoming weights get no gradient, so it stays dead.',
    idea: 'activations'
  },
  {
    term: 'dropout (kept fraction)',
    meaning:
      'While training, each unit is kept with probability p and zeroed otherwise; the kept fraction measured should sit near p. At evaluation every unit is kept.',
    idea: 'dropout'
  },
  {
    term: 'fan-in (n)',
    meaning:
      'How many inputs feed one unit: the previous layer’s width, or kernel height × width × input channels for a convolution. The n in Var(h) = n·Var(w)·Var(x).',
    idea: 'init'
  },
  {
    term: 'gradient norm',
    meaning:
      'The L2 norm ‖∂L/∂W‖ of a layer’s weight gradient. Shrinking toward the input layers means vanishing gradients; growing means exploding ones.',
    idea: 'activations'
  },
  {
    term: 'He init',
    meaning:
      'Random weights with Var(w) = 2 / fan-in. Made for ReLU, which zeroes half its inputs: the factor 2 keeps the variance constant from layer to layer.',
    idea: 'init'
  },
  {
    term: 'inactive on the probe',
    meaning:
      'A unit that output 0 for every probe example, but has not (yet) been checked on the whole training split. It may still fire on other images, so it is not called dead.',
    idea: 'dying'
  },
  {
    term: 'inactive unit',
    meaning:
      'A smooth unit (GELU, SiLU, ELU, …) sitting in its flat negative region for every example. Its gradient is tiny but not 0, so unlike a dead ReLU it can come back.',
    idea: 'activations'
  },
  {
    term: 'input normalization',
    meaning:
      'Subtracting each channel’s mean and dividing by its standard deviation (from the training split), so inputs have mean 0 as the variance argument assumes.',
    idea: 'normalized'
  },
  {
    term: 'pre-activation',
    meaning:
      'A unit’s weighted sum h = Σ xᵢwᵢ + b, before the activation function. Its variance is what the initialization formulas predict.',
    idea: 'init'
  },
  {
    term: 'probe',
    meaning:
      'A fixed batch of training images passed through the net every few steps to measure each layer (activations, variances, gradients, unit states). Every chart over steps is made of probes.',
    idea: 'takeaways'
  },
  {
    term: 'saturated unit',
    meaning:
      'A sigmoid or tanh unit sitting in a flat tail (|tanh| > 0.97, sigmoid below 0.03 or above 0.97) for most examples. There the slope is near 0, so its gradient vanishes.',
    idea: 'activations'
  },
  {
    term: 'stuck negative',
    meaning:
      'A leaky ReLU unit whose input is below 0 for every example. Unlike a dead ReLU it still passes a small gradient (slope a), so it can recover.',
    idea: 'activations'
  },
  {
    term: 'symlog',
    meaning:
      'A symmetric log scale, sign(v)·log(1 + |v|): like a log scale for large values, but it also shows 0 and negative values.',
    idea: 'init'
  },
  {
    term: 'update/weight ratio',
    meaning:
      'The norm of one step’s change to a layer’s weights divided by the norm of the weights. About 1e-3 is the usual rule of thumb; much larger in the first steps warns that units may die.',
    idea: 'dying'
  },
  {
    term: 'variance gain',
    meaning:
      'How much a layer multiplies the variance passing through it: n·Var(w) for the pre-activation. Above 1 the variance explodes with depth, below 1 it vanishes.',
    idea: 'init'
  },
  {
    term: 'Xavier (Glorot) init',
    meaning:
      'Random weights with Var(w) = 2 / (fan-in + fan-out). Keeps the variance steady for tanh and sigmoid, which are near-linear around 0.',
    idea: 'init'
  }
]

export interface ViewNote {
  /** What the view shows, in two or three sentences. */
  looking: string
  /** The lecture ideas it makes visible. */
  ideas: readonly LectureIdea[]
  /** Where to start: the preset or the comparison that shows it best. */
  tryThis: string
}

/** One note per view: what the view shows and which lecture idea it makes visible. */
export const VIEW_NOTES: Record<ViewId, ViewNote> = {
  data: {
    looking:
      'Your images: how many per class and split, their sizes, the files that were skipped and why, and what augmentation makes of them.',
    ideas: ['augmentation', 'normalized'],
    tryThis: 'Switch augmentation on and press Preview to see the distorted copies training uses.'
  },
  model: {
    looking:
      'The net that will train: its layers (activation, initializer, batch norm, dropout), the input and its normalization, and the training settings. Each preset sets up one lecture claim.',
    ideas: ['activations', 'init', 'normalized'],
    tryThis: 'Pick relu-dying, small-init or zeros-init and read the line under the preset.'
  },
  train: {
    looking:
      'The run as it trains: loss and accuracy per step (validation per epoch, dashed), and once it ends, below the charts, its findings in plain words and how the trained net classifies.',
    ideas: ['takeaways'],
    tryThis: 'Train relu-he and sigmoid-deep and watch which loss falls faster.'
  },
  layers: {
    looking:
      'Each layer measured at the probes: pre-activation variance against depth next to what n·Var(w)·Var(x) predicts, gradient norm against depth, dead or saturated fractions, histograms, batch-norm and dropout statistics.',
    ideas: ['init', 'activations', 'batchnorm', 'dropout'],
    tryThis: 'Train small-init, then large-init: the variance line collapses, then explodes.'
  },
  landscape: {
    looking:
      'One layer in 3D: every unit (across) over training steps (deep), height = mean activation, colour = the unit’s state; or the pre-activation histograms as ridges over steps.',
    ideas: ['activations', 'dying'],
    tryThis: 'Train relu-dying and watch cells turn red in the first rows.'
  },
  deadmap: {
    looking:
      'Every layer as a grid of its units, coloured by state (alive, dead, inactive on the probe, saturated, stuck negative) at the step on the scrubber. Click a unit for its history.',
    ideas: ['activations', 'dying', 'normalized'],
    tryThis: 'Compare relu-he with unnormalized-input: more units dead at step 0.'
  },
  runs: {
    looking:
      'Every stored run: its data, status, accuracy, what it changed from its preset and its findings. Open one to read its findings, re-run it, try a fix or export it.',
    ideas: ['takeaways'],
    tryThis: 'Tick two runs and press Compare.'
  },
  compare: {
    looking:
      'Two to four runs on the same axes: loss, accuracy, one layer’s dead or saturated fraction over steps, and variance and gradient norm against depth, output layers aligned.',
    ideas: ['activations', 'init', 'normalized'],
    tryThis: 'Compare relu-he with sigmoid-deep: ReLU converges faster.'
  }
}

/** "Initialization: Var(h) = …; Dropout: …" — a note's lecture ideas as one line. */
export function ideasLine(ideas: readonly LectureIdea[]): string {
  return ideas.map((i) => LECTURE_IDEAS[i]).join('; ')
}
