/**
 * The preset as the Model and Train views name it: which one a first start opens on (the
 * healthy one), whether the model being edited still is that preset or a modified copy (and
 * what changed), and the one line that points to the presets broken on purpose. Pure.
 */
import { configChanges } from '../../../main/contract/config/config-diff'
import { BROKEN_PRESETS, DEFAULT_PRESET } from '../../../main/contract/config/preset-names'
import type { RunConfig } from '../../../main/contract/config/schema'
import type { PresetInfo } from '../../../main/contract/ipc/contract'

/** The preset to open: the one used last time, else the healthy default, else the first. */
export function startingPreset(
  presets: readonly PresetInfo[],
  last: string | null
): PresetInfo | undefined {
  return (
    presets.find((p) => p.id === last) ?? presets.find((p) => p.id === DEFAULT_PRESET) ?? presets[0]
  )
}

/**
 * What the edited model changed from `preset`: [] when unchanged, the changes in words when
 * modified, and ['settings not valid yet'] while the draft does not validate.
 */
export function presetEdits(preset: PresetInfo, draft: RunConfig | null): string[] {
  if (!draft) return ['settings not valid yet']
  return configChanges(draft, preset.config)
}

/** `relu-he`, or `relu-he (modified)` once the model differs from the preset. */
export function presetLabel(preset: PresetInfo, edits: readonly string[]): string {
  return edits.length === 0 ? preset.id : `${preset.id} (modified)`
}

/** For the healthy default: one line naming the nets broken on purpose; '' for the others. */
export function contrastLine(presetId: string | null): string {
  if (presetId !== DEFAULT_PRESET) return ''
  const broken = BROKEN_PRESETS.map((b) => `${b.name} (${b.shows})`).join(', ')
  return `A healthy net to start with. For contrast, pick one broken on purpose: ${broken}.`
}
