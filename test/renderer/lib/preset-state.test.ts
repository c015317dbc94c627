import { describe, expect, it } from 'vitest'
import { listPresets, presetConfig } from '../../../main/config/presets'
import type { RunConfig } from '../../../main/contract/config/schema'
import type { PresetInfo } from '../../../main/contract/ipc/contract'
import {
  contrastLine,
  presetEdits,
  presetLabel,
  startingPreset
} from '../../../renderer/src/lib/preset-state'

const presets: PresetInfo[] = listPresets().map((p) => ({
  id: p.name,
  title: p.name,
  description: p.description,
  config: presetConfig(p.name) as RunConfig
}))

describe('the preset a person works on', () => {
  it('opens on the healthy relu-he first, and on the one chosen last time after that', () => {
    expect(presets[0]!.id).toBe('sigmoid-deep')
    expect(startingPreset(presets, null)?.id).toBe('relu-he')
    expect(startingPreset(presets, 'relu-dying')?.id).toBe('relu-dying')
    expect(startingPreset(presets, 'deleted-preset')?.id).toBe('relu-he')
  })

  it('is marked modified once the model differs, with what changed', () => {
    const reluHe = presets.find((p) => p.id === 'relu-he')!
    expect(presetEdits(reluHe, structuredClone(reluHe.config))).toEqual([])
    expect(presetLabel(reluHe, [])).toBe('relu-he')
    const edited = structuredClone(reluHe.config)
    edited.training.epochs = 1
    const edits = presetEdits(reluHe, edited)
    expect(edits).toEqual([`${reluHe.config.training.epochs} → 1 epochs`])
    expect(presetLabel(reluHe, edits)).toBe('relu-he (modified)')
    expect(presetEdits(reluHe, null)).toEqual(['settings not valid yet'])
  })

  it('points from the healthy preset to the broken ones, all of which exist', () => {
    const line = contrastLine('relu-he')
    for (const name of ['sigmoid-deep', 'relu-dying', 'zeros-init', 'large-init']) {
      expect(line).toContain(name)
      expect(presets.some((p) => p.id === name)).toBe(true)
    }
    expect(contrastLine('relu-dying')).toBe('')
  })
})
