/**
 * The real tfjs backend engine tests run on, and a compact way to write run configs for them.
 * Not a test file: imported by the engine tests.
 */
import * as tf from '@tensorflow/tfjs'
import {
  runConfigSchema,
  type RunConfig,
  type RunConfigInput
} from '../../../main/contract/config/schema'
import { resolveBackend } from '../../../main/engine/backends/resolve'

/** Selects the backend the engine tests train on; returns its name. */
export async function useTestBackend(): Promise<string> {
  const { backend } = await resolveBackend('wasm')
  await tf.ready()
  return backend
}

/** A validated config: small synthetic-friendly defaults, overridable per test. */
export function testConfig(
  layers: RunConfigInput['model']['layers'],
  overrides: {
    inputShape?: [number, number, 1 | 3]
    training?: Partial<RunConfigInput['training']>
    probe?: RunConfigInput['probe']
    model?: Partial<RunConfigInput['model']>
  } = {}
): RunConfig {
  return runConfigSchema.parse({
    model: { inputShape: overrides.inputShape ?? [8, 8, 1], layers, ...overrides.model },
    training: {
      optimizer: { type: 'adam', learningRate: 0.01 },
      batchSize: 32,
      epochs: 2,
      seed: 7,
      ...overrides.training
    },
    probe: { statsEvery: 10, probeSize: 64, ...overrides.probe }
  })
}
