/**
 * A fix as the PyTorch code to change, for runs trained outside the engine (a PyTorch job
 * watched by python/trainscape_probe): Trainscape cannot re-run them, so it shows the line to
 * edit, e.g. `torch.optim.Adam(model.parameters(), lr=0.0001)`. One line per change. Pure.
 */
import { canonicalPath, pathKeys } from './config-changes'
import type { InitializerName, RunConfig } from '../config/schema'
import type { ConfigChange, FindingFix } from './summary'

/** The code lines that make `fix` in the script that trained a run of config `config`. Pure. */
export function fixAsTorchCode(fix: FindingFix, config: RunConfig): string[] {
  return fix.changes.map((change) => torchLine(change, config, fix.changes))
}

function torchLine(change: ConfigChange, config: RunConfig, all: readonly ConfigChange[]): string {
  const path = canonicalPath(change.path)
  const value = change.value
  if (path.startsWith('training.optimizer.')) return optimizerLine(config, all)
  if (path === 'training.batchSize')
    return `torch.utils.data.DataLoader(train_set, batch_size=${value}, shuffle=True)`
  if (path === 'training.epochs') return `for epoch in range(${value}):`
  if (path === 'data.normalize' && value === 'standardize')
    return 'transforms.Normalize(mean, std)  # per-channel mean and std of the training images'
  const keys = pathKeys(change.path)
  if (keys[1] === 'layers' && typeof keys[2] === 'number') {
    const line = layerLine(config, keys[2], String(keys[3] ?? ''), value)
    if (line) return line
  }
  if (path === 'model.outputInitializer' && typeof value === 'string')
    return initLine('output_layer', value as InitializerName)
  return `# set ${path} = ${JSON.stringify(value)} in the training script`
}

/** The optimizer line with every optimizer change of the fix applied. */
function optimizerLine(config: RunConfig, all: readonly ConfigChange[]): string {
  const spec: Record<string, unknown> = { ...config.training.optimizer }
  for (const c of all) {
    const path = canonicalPath(c.path)
    if (path.startsWith('training.optimizer.'))
      spec[path.slice('training.optimizer.'.length)] = c.value
  }
  const lr = `lr=${python(spec.learningRate)}`
  if (spec.type === 'adam') return `torch.optim.Adam(model.parameters(), ${lr})`
  if (spec.type === 'momentum')
    return `torch.optim.SGD(model.parameters(), ${lr}, momentum=${python(spec.momentum ?? 0.9)})`
  return `torch.optim.SGD(model.parameters(), ${lr})`
}

function layerLine(config: RunConfig, index: number, field: string, value: unknown): string | null {
  const spec = config.model.layers[index]
  if (!spec || (spec.type !== 'dense' && spec.type !== 'conv2d')) return null
  const name = spec.name ?? `layers[${index}]`
  const dims = spec.type === 'dense' ? '1d' : '2d'
  const units = spec.type === 'dense' ? spec.units : spec.filters
  if (field === 'initializer' && typeof value === 'string')
    return initLine(`model.${name}`, value as InitializerName, spec.activation)
  if (field === 'batchNorm' && value === true)
    return `nn.BatchNorm${dims}(${units})  # after ${name}, before its activation`
  if (field === 'dropout' && typeof value === 'number')
    return `nn.Dropout(p=${python(value)})  # after ${name}'s activation`
  if (field === 'activation' && typeof value === 'string')
    return `${ACTIVATION_MODULES[value] ?? `# activation ${value}`}  # ${name}'s activation`
  return null
}

const ACTIVATION_MODULES: Record<string, string> = {
  relu: 'nn.ReLU()',
  'leaky-relu': 'nn.LeakyReLU(0.01)',
  elu: 'nn.ELU()',
  tanh: 'nn.Tanh()',
  sigmoid: 'nn.Sigmoid()',
  linear: 'nn.Identity()'
}

function initLine(weight: string, initializer: InitializerName, activation = 'relu'): string {
  const w = `${weight}.weight`
  const nonlinearity = activation === 'leaky-relu' ? 'leaky_relu' : 'relu'
  switch (initializer) {
    case 'he-normal':
      return `nn.init.kaiming_normal_(${w}, nonlinearity='${nonlinearity}')`
    case 'he-uniform':
      return `nn.init.kaiming_uniform_(${w}, nonlinearity='${nonlinearity}')`
    case 'glorot-normal':
      return `nn.init.xavier_normal_(${w})`
    case 'glorot-uniform':
      return `nn.init.xavier_uniform_(${w})`
    case 'lecun-normal':
      return `nn.init.kaiming_normal_(${w}, nonlinearity='linear')  # LeCun normal`
    case 'zeros':
      return `nn.init.zeros_(${w})`
    default:
      return `# initialize ${w} with ${initializer}`
  }
}

/** A JSON scalar as Python source: 0.0001 → 0.0001, true → True, "x" → 'x'. */
function python(value: unknown): string {
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'number') return String(value)
  return `'${String(value)}'`
}
