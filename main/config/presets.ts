/**
 * The bundled presets: one run configuration per lecture claim (resources/presets/*.json), each
 * with a one-line description of what it demonstrates. Pure: the JSON files are imported (and
 * so bundled), not read from disk.
 */
import augment from '../../resources/presets/augment.json' with { type: 'json' }
import batchnorm from '../../resources/presets/batchnorm.json' with { type: 'json' }
import cnnBaseline from '../../resources/presets/cnn-baseline.json' with { type: 'json' }
import cnnBatchnorm from '../../resources/presets/cnn-batchnorm.json' with { type: 'json' }
import dropout from '../../resources/presets/dropout.json' with { type: 'json' }
import largeInit from '../../resources/presets/large-init.json' with { type: 'json' }
import leakyRelu from '../../resources/presets/leaky-relu.json' with { type: 'json' }
import reluDying from '../../resources/presets/relu-dying.json' with { type: 'json' }
import reluHe from '../../resources/presets/relu-he.json' with { type: 'json' }
import sigmoidDeep from '../../resources/presets/sigmoid-deep.json' with { type: 'json' }
import smallInit from '../../resources/presets/small-init.json' with { type: 'json' }
import unnormalizedInput from '../../resources/presets/unnormalized-input.json' with { type: 'json' }
import tanhDeep from '../../resources/presets/tanh-deep.json' with { type: 'json' }
import xavierTanh from '../../resources/presets/xavier-tanh.json' with { type: 'json' }
import zerosInit from '../../resources/presets/zeros-init.json' with { type: 'json' }
import type { RunConfig } from '../contract/config/schema'
import { parseRunConfig } from '../contract/config/validate'

/** Preset files in the order a person meets the lecture: activations, initialization, BN, dropout,
 *  augmentation, CNN. */
const FILES: Record<string, unknown> = {
  'sigmoid-deep': sigmoidDeep,
  'tanh-deep': tanhDeep,
  'relu-he': reluHe,
  'unnormalized-input': unnormalizedInput,
  'relu-dying': reluDying,
  'leaky-relu': leakyRelu,
  'zeros-init': zerosInit,
  'small-init': smallInit,
  'large-init': largeInit,
  'xavier-tanh': xavierTanh,
  batchnorm: batchnorm,
  dropout: dropout,
  augment: augment,
  'cnn-baseline': cnnBaseline,
  'cnn-batchnorm': cnnBatchnorm
}

export const PRESET_NAMES: readonly string[] = Object.keys(FILES)

export interface PresetInfo {
  name: string
  description: string
}

/** Every preset's name and description, in lecture order. */
export function listPresets(): PresetInfo[] {
  return PRESET_NAMES.map((name) => ({ name, description: presetConfig(name)?.description ?? '' }))
}

/**
 * The preset's configuration, validated with defaults filled in (a fresh object each call), or
 * null for an unknown name. Throws if a bundled file is invalid (a packaging bug, caught by tests).
 */
export function presetConfig(name: string): RunConfig | null {
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined
  if (file === undefined) return null
  const parsed = parseRunConfig(structuredClone(file))
  if (!parsed.ok) throw new Error(`Bundled preset "${name}" is invalid. ${parsed.error}`)
  return parsed.value
}

/** The preset's file content as written (defaults not filled in): a base for overrides. */
export function presetInput(name: string): unknown {
  return Object.hasOwn(FILES, name) ? structuredClone(FILES[name]) : null
}

/** The message for a name that is not a preset, listing the known ones. */
export function unknownPresetMessage(name: string): string {
  return `Unknown preset "${name}". Known presets: ${PRESET_NAMES.join(', ')}.`
}
