import { describe, expect, it } from 'vitest'
import { fixAsTorchCode } from '../../../../main/contract/runs/fix-code'
import { parseRunConfig } from '../../../../main/contract/config/validate'
import type { RunConfig } from '../../../../main/contract/config/schema'

/** A config as python/trainscape_probe describes a PyTorch model (names from the module tree). */
const torchConfig = (optimizer: object): RunConfig => {
  const parsed = parseRunConfig({
    name: 'mlp',
    model: {
      inputShape: [28, 28, 1],
      layers: [
        { type: 'dense', units: 128, activation: 'relu', name: 'fc1' },
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'leaky-relu', name: 'conv' }
      ]
    },
    training: { optimizer, batchSize: 64, epochs: 2, seed: 1 },
    source: { backend: 'pytorch' }
  })
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}
const code = (config: RunConfig, ...changes: { path: string; value: number | string | boolean }[]) =>
  fixAsTorchCode({ changes, why: '' }, config)

describe('a fix as the PyTorch line to change', () => {
  it("writes the optimizer the run used with the new learning rate", () => {
    const adam = torchConfig({ type: 'adam', learningRate: 0.01 })
    expect(code(adam, { path: 'training.optimizer.learningRate', value: 0.0001 })).toEqual([
      'torch.optim.Adam(model.parameters(), lr=0.0001)'
    ])
    const momentum = torchConfig({ type: 'momentum', learningRate: 0.1, momentum: 0.8 })
    expect(code(momentum, { path: 'training.optimizer.learningRate', value: 0.01 })).toEqual([
      'torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.8)'
    ])
  })

  it('names the layer for initializer, batch norm and activation changes', () => {
    const config = torchConfig({ type: 'sgd', learningRate: 0.1 })
    expect(
      code(
        config,
        { path: 'layers.0.initializer', value: 'he-normal' },
        { path: 'layers.1.batchNorm', value: true },
        { path: 'model.layers.1.initializer', value: 'he-uniform' },
        { path: 'layers.0.activation', value: 'leaky-relu' }
      )
    ).toEqual([
      "nn.init.kaiming_normal_(model.fc1.weight, nonlinearity='relu')",
      'nn.BatchNorm2d(8)  # after conv, before its activation',
      "nn.init.kaiming_uniform_(model.conv.weight, nonlinearity='leaky_relu')",
      "nn.LeakyReLU(0.01)  # fc1's activation"
    ])
  })

  it('says where to set anything it has no line for', () => {
    const config = torchConfig({ type: 'sgd', learningRate: 0.1 })
    expect(code(config, { path: 'training.batchSize', value: 32 })).toEqual([
      'torch.utils.data.DataLoader(train_set, batch_size=32, shuffle=True)'
    ])
    expect(code(config, { path: 'data.validationSplit', value: 0.3 })).toEqual([
      '# set data.validationSplit = 0.3 in the training script'
    ])
  })
})
