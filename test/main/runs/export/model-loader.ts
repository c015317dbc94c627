/**
 * Test helper: loads an exported model the way another program would, from model.json and the
 * weight files its manifest names (a file-backed tfjs IOHandler), and rebuilds the engine's own
 * model with a run's trained weights so both can be run on the same images.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import type { RunConfig } from '../../../../main/contract/config/schema'
import type { NamedTensor } from '../../../../main/contract/trainer-protocol'
import { buildModel, type Model } from '../../../../main/engine/model/model'
import type { InputNormalization } from '../../../../main/contract/runs/summary'

interface ModelJson {
  modelTopology: object
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
  userDefinedMetadata?: Record<string, object>
  format?: string
  generatedBy?: string
  convertedBy?: string
}

/** An IOHandler that reads model.json and every weight file its manifest lists. */
export function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson
      const buffers = await Promise.all(
        json.weightsManifest
          .flatMap((g) => g.paths)
          .map((p) => readFile(join(dirname(modelJsonPath), p)))
      )
      const total = Buffer.concat(buffers)
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: total.buffer.slice(total.byteOffset, total.byteOffset + total.byteLength),
        userDefinedMetadata: json.userDefinedMetadata,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy
      }
    }
  }
}

/**
 * The engine's model for `config` with `weights` assigned by name and the run's input
 * `normalization`. The caller disposes it.
 */
export function engineModelWith(
  config: RunConfig,
  classes: number,
  weights: NamedTensor[],
  normalization?: InputNormalization
): Model {
  const model = buildModel(config.model, classes, config.training.seed, normalization)
  const byName = new Map(weights.map((w) => [w.name, w]))
  model.plan.layers.forEach((layer, i) => {
    const p = model.params[i]
    const vars: [string, tf.Variable][] = [
      ['kernel', p!.kernel],
      ['bias', p!.bias]
    ]
    if (p!.batchNorm)
      vars.push(
        ['gamma', p!.batchNorm.gamma],
        ['beta', p!.batchNorm.beta],
        ['moving_mean', p!.batchNorm.movingMean],
        ['moving_variance', p!.batchNorm.movingVariance]
      )
    for (const [suffix, variable] of vars) {
      const w = byName.get(`${layer.name}/${suffix}`)
      if (!w) throw new Error(`missing ${layer.name}/${suffix}`)
      variable.assign(tf.tensor(w.values, w.shape))
    }
  })
  return model
}
