/**
 * The run configuration: one typed, serializable JSON document that says what to build and how
 * to train it. The zod schema is the single source of truth; every type below derives from it.
 * Pure: imports nothing from electron, tfjs or svelte, so the renderer validates with it too.
 */
import { z } from 'zod'

export const ACTIVATIONS = [
  'sigmoid',
  'tanh',
  'relu',
  'leaky-relu',
  'elu',
  'gelu',
  'silu',
  'linear'
] as const
export type ActivationName = (typeof ACTIVATIONS)[number]

const positiveInt = z.number().int().positive()

/**
 * A layer's name: what tfjs accepts as a layer name (its tensor-name rule, without "/", which
 * separates a layer from its weights), and none of the names the exported tfjs model gives its
 * own helper layers, so an export can never fail on a name the config let through.
 */
const layerName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message:
      'must start with a letter or digit and hold only letters, digits, ".", "_" and "-" (what TensorFlow.js accepts)'
  })
  .refine(
    (name) =>
      !/^(input|output|flatten_\d+|(max|avg)_pool_\d+)$|(_activation|_flatten|_dropout|__batchnorm)$/.test(
        name
      ),
    {
      message: 'is a name the exported model uses for its own layers; choose another'
    }
  )

/** An initializer as an object; a bare name ("he-normal") is accepted as shorthand. */
const initializerObject = z.discriminatedUnion('type', [
  z.object({ type: z.literal('zeros') }).strict(),
  z.object({ type: z.literal('constant'), value: z.number() }).strict(),
  z
    .object({
      type: z.literal('random-normal'),
      stddev: z.number().positive(),
      mean: z.number().default(0)
    })
    .strict(),
  z.object({ type: z.literal('glorot-normal') }).strict(),
  z.object({ type: z.literal('glorot-uniform') }).strict(),
  z.object({ type: z.literal('he-normal') }).strict(),
  z.object({ type: z.literal('he-uniform') }).strict(),
  z.object({ type: z.literal('lecun-normal') }).strict()
])
export const initializerSchema = z.preprocess(
  (v) => (typeof v === 'string' ? { type: v } : v),
  initializerObject
)
export type InitializerSpec = z.infer<typeof initializerObject>
export type InitializerName = InitializerSpec['type']

/** Every initializer's name, in the schema's order (the layer editor lists them so). */
export const INITIALIZERS: readonly InitializerName[] = initializerObject.options.map(
  (option) => option.shape.type.value
)

/** What every weighted layer (dense, conv2d) carries besides its shape. */
const unitOptions = {
  activation: z.enum(ACTIVATIONS).default('relu'),
  /** Slope a of leaky ReLU, f(x) = max(ax, x); used only by 'leaky-relu'. a ≠ 1. */
  leakySlope: z
    .number()
    .min(0)
    .refine((a) => a !== 1, { message: 'must not be 1 (that is the identity, not leaky ReLU)' })
    .default(0.01),
  initializer: initializerSchema.default({ type: 'glorot-uniform' }),
  /**
   * Every bias's value at step 0; 0 when absent. A negative value starts ReLU units below zero
   * (how a bias, not the weights, can kill a layer); ignored with batch norm, whose beta starts at 0.
   */
  biasInit: z.number().min(-100).max(100).optional(),
  /** Batch norm between the affine part and the activation (the lecture's placement). */
  batchNorm: z.boolean().default(false),
  /** Probability of dropping a unit during training (the kept fraction is 1 - dropout). */
  dropout: z.number().min(0).lt(1).default(0),
  name: layerName.optional()
}

const denseLayer = z
  .object({ type: z.literal('dense'), units: positiveInt, ...unitOptions })
  .strict()
const conv2dLayer = z
  .object({
    type: z.literal('conv2d'),
    filters: positiveInt,
    kernelSize: positiveInt,
    strides: positiveInt.default(1),
    padding: z.enum(['same', 'valid']).default('same'),
    ...unitOptions
  })
  .strict()
const poolLayer = z
  .object({
    type: z.enum(['maxPool', 'avgPool']),
    poolSize: positiveInt.default(2),
    strides: positiveInt.optional(),
    padding: z.enum(['same', 'valid']).default('valid'),
    name: layerName.optional()
  })
  .strict()
const flattenLayer = z.object({ type: z.literal('flatten'), name: layerName.optional() }).strict()

export const layerSchema = z.discriminatedUnion('type', [
  denseLayer,
  conv2dLayer,
  poolLayer,
  flattenLayer
])
export type LayerSpec = z.infer<typeof layerSchema>
export type DenseSpec = z.infer<typeof denseLayer>
export type Conv2dSpec = z.infer<typeof conv2dLayer>
export type PoolSpec = z.infer<typeof poolLayer>
/** Layers that own weights and units, and so are probed. */
export type WeightedSpec = DenseSpec | Conv2dSpec

export const optimizerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sgd'), learningRate: z.number().positive() }).strict(),
  z
    .object({
      type: z.literal('momentum'),
      learningRate: z.number().positive(),
      momentum: z.number().min(0).lt(1).default(0.9)
    })
    .strict(),
  z
    .object({
      type: z.literal('adam'),
      learningRate: z.number().positive(),
      beta1: z.number().min(0).lt(1).default(0.9),
      beta2: z.number().min(0).lt(1).default(0.999),
      epsilon: z.number().positive().default(1e-7)
    })
    .strict()
])
export type OptimizerSpec = z.infer<typeof optimizerSchema>

/** [height, width, channels] of one input image; channels 1 (grayscale) or 3 (RGB). */
export const inputShapeSchema = z.tuple([
  positiveInt.max(1024),
  positiveInt.max(1024),
  z.union([z.literal(1), z.literal(3)])
])
export type InputShape = [number, number, number]

export const modelSchema = z
  .object({
    /**
     * [height, width, channels]; channels 1 (grayscale) or 3 (RGB). Absent: the shape follows
     * the opened folder (main/contract/config/input-shape.ts holds the rule).
     */
    inputShape: inputShapeSchema.optional(),
    /** Hidden layers in order. The output layer (dense, one unit per class, softmax) is implicit. */
    layers: z.array(layerSchema).min(1).max(64),
    /** Initializer of the implicit output layer. */
    outputInitializer: initializerSchema.default({ type: 'glorot-uniform' }),
    /** Batch norm's moving-average rate alpha: mu <- alpha * batchMean + (1 - alpha) * mu. */
    batchNormAlpha: z.number().gt(0).lt(1).default(0.1),
    batchNormEpsilon: z.number().positive().default(1e-3)
  })
  .strict()
export type ModelSpec = z.infer<typeof modelSchema>

/** How the learning rate moves over a run (learning-rate-schedule.ts). */
export const learningRateScheduleSchema = z.enum(['constant', 'cosine'])

export const trainingSchema = z
  .object({
    optimizer: optimizerSchema,
    batchSize: positiveInt.max(4096).default(64),
    epochs: positiveInt.max(10_000).default(5),
    /** The same seed on the same backend reproduces a run. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    /**
     * How the learning rate moves over the run (learning-rate-schedule.ts): `constant`, or
     * `cosine` from `optimizer.learningRate` down to 0 by the last planned step.
     */
    learningRateSchedule: learningRateScheduleSchema.default('constant'),
    /** Stop after this many optimizer steps in total (for quick demonstrations); none when absent. */
    maxSteps: positiveInt.optional()
  })
  .strict()
export type TrainingSpec = z.infer<typeof trainingSchema>

/**
 * Default probe interval: keeps the probes' slowdown at or under 10% on the benchmark's
 * MLP and CNN on wasm (`npm run bench` measures it at this value). Presets set their own.
 */
export const DEFAULT_STATS_EVERY = 50

export const probeSchema = z
  .object({
    /**
     * Probe every K optimizer steps, also at steps 1, 2, 4, 8, … below K, and always at step 0
     * and at the end (engine/trainer/probe-schedule.ts).
     */
    statsEvery: positiveInt.default(DEFAULT_STATS_EVERY),
    /** Size of the fixed probe batch drawn once from the validation split. */
    probeSize: positiveInt.max(2048).default(256),
    /** Bins of every fixed-range histogram. */
    histogramBins: positiveInt.min(4).max(256).default(41),
    /** Histograms cover [-range, range]; values outside land in the under/overflow counts. */
    histogramRange: z.number().positive().default(6)
  })
  .strict()
export type ProbeSpec = z.infer<typeof probeSchema>

export const augmentationSchema = z
  .object({
    flipHorizontal: z.boolean().default(false),
    flipVertical: z.boolean().default(false),
    /** Uniform rotation in [-degrees, degrees]. */
    rotationDegrees: z.number().min(0).max(180).default(0),
    /** Uniform shift in [-f, f] of the width and height. */
    translate: z.number().min(0).max(0.5).default(0),
    /** Uniform zoom factor in [1 - f, 1 + f]. */
    zoom: z.number().min(0).max(0.9).default(0),
    brightness: z.number().min(0).max(1).default(0),
    contrast: z.number().min(0).max(1).default(0),
    saturation: z.number().min(0).max(1).default(0),
    hue: z.number().min(0).max(0.5).default(0)
  })
  .strict()
export type AugmentationSpec = z.infer<typeof augmentationSchema>

export const dataSchema = z
  .object({
    /** Fraction of each class held out for validation when the folder has no val/ split. */
    validationSplit: z.number().gt(0).lt(1).default(0.2),
    /** How an image is brought to the input size: crop to cover, pad to fit, or distort. */
    resize: z.enum(['cover', 'letterbox', 'stretch']).default('cover'),
    /** Use at most this many training examples per class (small-data demonstrations). */
    trainPerClass: positiveInt.optional(),
    /**
     * What the model sees: `standardize` subtracts each channel's training-split mean and divides
     * by its standard deviation (the lecture's zero-mean inputs); `per-pixel` does the same for
     * every pixel and channel on its own (the training split's mean image and std image), so
     * the mean image itself is removed; `none` keeps byte / 255.
     */
    normalize: z.enum(['standardize', 'per-pixel', 'none']).default('standardize'),
    augmentation: augmentationSchema.optional()
  })
  .strict()
export type DataSpec = z.infer<typeof dataSchema>

/**
 * Whether a source's config.json is exactly the model and optimizer that trained (PyTorch:
 * python/trainscape_probe/describe.py): when not, `differences` says what the config cannot
 * express (a branch, a residual add, a module or activation Trainscape lacks, a module not
 * measured), and the app offers neither "Load config into Model" nor "Re-run".
 */
export const translationSchema = z
  .object({ exact: z.boolean(), differences: z.array(z.string().max(500)).max(50) })
  .strict()
export type Translation = z.infer<typeof translationSchema>
/** A module whose parameters no measured layer covers (an LSTM, an Embedding, a Conv1d, …). */
export const unmeasuredModuleSchema = z
  .object({
    name: z.string().max(300),
    type: z.string().max(100),
    parameters: z.number().int().min(0),
    /** Why it is not measured, in one clause. */
    reason: z.string().max(300)
  })
  .strict()
export type UnmeasuredModule = z.infer<typeof unmeasuredModuleSchema>
/** How much of a model the probes see: `modules` owning parameters, all `parameters`, and the
 *  modules no measured layer covers. Absent: every parameter is measured. */
export const coverageSchema = z
  .object({
    modules: z.number().int().min(0),
    parameters: z.number().int().min(0),
    notMeasured: z.array(unmeasuredModuleSchema).max(1000)
  })
  .strict()
export type Coverage = z.infer<typeof coverageSchema>
export const sourceSchema = z
  .object({
    backend: z.string().min(1).max(40),
    translation: translationSchema.optional(),
    coverage: coverageSchema.optional()
  })
  .catchall(z.unknown())
export type RunSource = z.infer<typeof sourceSchema>
export const runConfigSchema = z
  .object({
    name: z.string().min(1).max(100).default('run'),
    /** One line saying what this configuration demonstrates. */
    description: z.string().max(500).optional(),
    model: modelSchema,
    training: trainingSchema,
    probe: probeSchema.default(probeSchema.parse({})),
    data: dataSchema.default(dataSchema.parse({})),
    /** Where a run trained outside the engine came from (e.g. PyTorch via python/trainscape_probe):
     *  what its config cannot say, such as module class names. The engine ignores it. */
    source: sourceSchema.optional()
  })
  .strict()
/** A validated configuration with every default filled in. */
export type RunConfig = z.infer<typeof runConfigSchema>
/** What a person may write: defaults may be left out. */
export type RunConfigInput = z.input<typeof runConfigSchema>
