/**
 * The trained model as a TensorFlow.js LayersModel (model.json + one weight file), loadable by
 * `tf.loadLayersModel`. The Sequential stack mirrors the engine's forward pass exactly: for each
 * weighted layer affine → batch norm → activation → dropout, with flatten and pooling stages in
 * between, and a dense softmax output. Class names ride along as user metadata ("trainscape").
 */
import * as tf from '@tensorflow/tfjs'
import type { ModelSpec } from '../../contract/config/schema'
import type { NamedTensor } from '../../contract/trainer-protocol'
import { planModel, type Stage, type WeightedPlan } from '../../contract/model/plan'
import type { InputNormalization } from '../../contract/runs/summary'

/** Name of the weight file next to model.json. */
export const MODEL_WEIGHTS_FILE = 'group1-shard1of1.bin'

/**
 * The engine keeps a layer's batch-norm parameters under the layer's own name
 * (`dense_1/gamma`); tfjs needs a separate BatchNormalization layer, named with this suffix
 * (`dense_1__batchnorm/gamma`), mapped back through the plan when weights are assigned.
 */
const BN_SUFFIX = '__batchnorm'

/**
 * The input standardization (x - mean) / std as the first layer: a 1×1 depthwise convolution
 * with kernel 1/std and bias -mean/std per channel, a stock layer every tfjs version loads, so
 * the exported model takes the [0, 1] pixels a user has and predicts what the engine did.
 */
const NORMALIZATION = 'input_normalization'

function normalizationWeights({ mean, std }: InputNormalization): NamedTensor[] {
  const c = mean.length
  return [
    {
      name: `${NORMALIZATION}/depthwise_kernel`,
      shape: [1, 1, c, 1],
      values: Float32Array.from(std, (s) => 1 / s)
    },
    {
      name: `${NORMALIZATION}/bias`,
      shape: [c],
      values: Float32Array.from(mean, (m, i) => -m / std[i]!)
    }
  ]
}

export interface ModelMetadata {
  classes: string[]
  runId: string
  inputShape: [number, number, number]
}

function activationLayers(layer: WeightedPlan): tf.layers.Layer[] {
  const name = `${layer.name}_activation`
  if (layer.activation === 'leaky-relu')
    return [tf.layers.leakyReLU({ alpha: layer.leakySlope, name })]
  if (layer.activation === 'linear') return []
  // tfjs-layers calls SiLU 'swish' (x·sigmoid(x)); its 'gelu' is the exact erf form, as ours.
  const activation = layer.activation === 'silu' ? 'swish' : layer.activation
  return [tf.layers.activation({ activation, name })]
}

function affineLayer(layer: WeightedPlan, isOutput: boolean): tf.layers.Layer {
  const base = { name: layer.name, useBias: true }
  if (isOutput) return tf.layers.dense({ ...base, units: layer.units, activation: 'softmax' })
  if (layer.kind === 'dense') return tf.layers.dense({ ...base, units: layer.units })
  const conv = layer.conv!
  return tf.layers.conv2d({
    ...base,
    filters: layer.units,
    kernelSize: conv.kernelSize,
    strides: conv.strides,
    padding: conv.padding
  })
}

function weightedLayers(
  spec: ModelSpec,
  layer: WeightedPlan,
  isOutput: boolean
): tf.layers.Layer[] {
  const out: tf.layers.Layer[] = []
  if (layer.flattenBefore) out.push(tf.layers.flatten({ name: `${layer.name}_flatten` }))
  out.push(affineLayer(layer, isOutput))
  if (isOutput) return out
  if (layer.batchNorm) {
    const momentum = 1 - spec.batchNormAlpha
    const bn = {
      axis: -1,
      momentum,
      epsilon: spec.batchNormEpsilon,
      name: `${layer.name}${BN_SUFFIX}`
    }
    out.push(tf.layers.batchNormalization(bn))
  }
  out.push(...activationLayers(layer))
  if (layer.dropout > 0)
    out.push(tf.layers.dropout({ rate: layer.dropout, name: `${layer.name}_dropout` }))
  return out
}

function stageLayers(
  spec: ModelSpec,
  stage: Stage,
  layers: WeightedPlan[],
  index: number
): tf.layers.Layer[] {
  switch (stage.type) {
    case 'flatten':
      return [tf.layers.flatten({ name: `flatten_${index}` })]
    case 'pool': {
      const args = {
        poolSize: stage.poolSize,
        strides: stage.strides,
        padding: stage.padding,
        name: `${stage.op}_pool_${index}`
      }
      return [stage.op === 'max' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args)]
    }
    case 'weighted':
      return weightedLayers(spec, layers[stage.layer]!, stage.layer === layers.length - 1)
    default: {
      const never: never = stage
      throw new Error(`Unknown model stage ${JSON.stringify(never)}`)
    }
  }
}

/**
 * Folds a per-pixel normalization x' = (x - m) / s into the first layer, which must be dense on
 * the flattened input (row-major [h, w, c], the order of m and s): W x' + b = (W / s) x +
 * (b - Σ_p W[p] m[p] / s[p]). A tfjs layer that subtracts an image has no stock form, a dense
 * layer every version loads does. Replaces the layer's kernel and bias in `weights` (mutates
 * the array, not the tensors). Throws when the first layer is a convolution (its weights are
 * shared across positions, so no per-position scale folds into them).
 */
function foldPerPixel(
  first: WeightedPlan,
  weights: NamedTensor[],
  { mean, std }: InputNormalization
): void {
  if (first.kind !== 'dense')
    throw new Error(
      'A model whose inputs are normalized per pixel and whose first layer is a convolution ' +
        'cannot be exported as a TensorFlow.js model yet; retrain it with data.normalize ' +
        'standardize to export it.'
    )
  const at = (param: string) => weights.findIndex((w) => w.name === `${first.name}/${param}`)
  const [k, b] = [at('kernel'), at('bias')]
  const kernel = weights[k]
  const bias = weights[b]
  const [inputs = 0, units = 0] = kernel?.shape ?? []
  if (!kernel || !bias || inputs !== mean.length || std.length !== inputs)
    throw new Error(
      `The run's ${first.name} weights do not match its per-pixel normalization ` +
        `(${mean.length} positions); the model cannot be exported.`
    )
  const folded = new Float32Array(kernel.values.length)
  const shift = Float64Array.from(bias.values)
  for (let p = 0; p < inputs; p++) {
    for (let u = 0; u < units; u++) {
      const w = kernel.values[p * units + u]! / std[p]!
      folded[p * units + u] = w
      shift[u]! -= w * mean[p]!
    }
  }
  weights[k] = { ...kernel, values: folded }
  weights[b] = { ...bias, values: Float32Array.from(shift) }
}

/**
 * Gives tfjs a backend to build the model on when the process has none set yet. The exporter
 * needs no speed: a process that imported the engine has the wasm backend registered (it
 * outranks cpu) but never initialized, and tfjs would refuse every op; the cpu backend is
 * always there.
 */
export async function exportBackendReady(): Promise<void> {
  if (!tf.engine().backendName) await tf.setBackend('cpu')
}

/**
 * A tfjs Sequential model with the run's architecture and trained weights. `weights` are the
 * engine's `<layer>/kernel|bias|gamma|beta|moving_mean|moving_variance` tensors; with a
 * standardizing `normalization` the model starts by applying it. The caller
 * disposes the model. Throws when a parameter is missing or has the wrong shape.
 */
export function buildLayersModel(
  spec: ModelSpec,
  classes: number,
  runWeights: readonly NamedTensor[],
  normalization?: InputNormalization
): tf.Sequential {
  const plan = planModel(spec, classes)
  const model = tf.sequential({ name: 'trainscape' })
  model.add(tf.layers.inputLayer({ inputShape: plan.inputShape, name: 'input' }))
  const weights = [...runWeights]
  if (normalization?.mode === 'per-pixel') {
    foldPerPixel(plan.layers[0]!, weights, normalization)
  } else if (normalization && normalization.mode !== 'none') {
    model.add(tf.layers.depthwiseConv2d({ kernelSize: 1, useBias: true, name: NORMALIZATION }))
    weights.push(...normalizationWeights(normalization))
  }
  plan.stages.forEach((stage, i) =>
    stageLayers(spec, stage, plan.layers, i).forEach((l) => model.add(l))
  )
  const byName = new Map(weights.map((w) => [w.name, w]))
  const bnOwners = new Map(
    plan.layers.filter((l) => l.batchNorm).map((l) => [`${l.name}${BN_SUFFIX}`, l.name])
  )
  const ordered = model.weights.map((variable) => {
    const [layerName = '', param = ''] = variable.originalName.split('/')
    const engineName = `${bnOwners.get(layerName) ?? layerName}/${param}`
    const found = byName.get(engineName)
    if (!found)
      throw new Error(`The run's weights have no "${engineName}"; the model cannot be exported.`)
    if (found.shape.join('x') !== variable.shape.join('x'))
      throw new Error(
        `Weight "${engineName}" has shape [${found.shape}] but the model needs [${variable.shape}].`
      )
    return tf.tensor(found.values, found.shape)
  })
  model.setWeights(ordered)
  ordered.forEach((t) => t.dispose())
  return model
}

/**
 * The model's files: model.json text (topology, weights manifest pointing at
 * MODEL_WEIGHTS_FILE, user metadata) and the weight bytes. Disposes nothing it did not create.
 */
export async function layersModelFiles(
  model: tf.LayersModel,
  metadata: ModelMetadata
): Promise<{ modelJson: string; weightBytes: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | null = null
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    })
  )
  const artifacts = captured as tf.io.ModelArtifacts | null
  if (!artifacts?.weightData || !artifacts.weightSpecs)
    throw new Error('tfjs returned no weights for the model.')
  const data = artifacts.weightData
  const weightBytes = new Uint8Array(
    Array.isArray(data) ? await new Blob(data).arrayBuffer() : data
  )
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'trainscape',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [MODEL_WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    userDefinedMetadata: { trainscape: metadata }
  }
  return { modelJson: `${JSON.stringify(modelJson)}\n`, weightBytes }
}
