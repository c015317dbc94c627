/**
 * The unit-state palette and words shared by the app (charts, maps, the 3D view) and the
 * report (its landscape snapshots), so a colour and a word mean the same thing in both:
 * teal alive, red dead, amber saturated, violet stuck negative, green inactive (a smooth
 * activation's flat region), pale red inactive on the probe (colour-blind-safe hues).
 * Pure data plus colour arithmetic.
 */
import { UNIT_STATE, type UnitState } from '../runs/records'

export interface UnitStateColor {
  code: UnitState
  key: 'alive' | 'dead' | 'saturated' | 'stuckNegative' | 'inactive' | 'inactiveOnProbe'
  /** The word a person reads for the state. */
  label: string
  /** '#rrggbb'. */
  css: string
}

/** Indexed by UNIT_STATE code. */
export const UNIT_STATE_COLORS: readonly UnitStateColor[] = [
  { code: UNIT_STATE.alive, key: 'alive', label: 'alive', css: '#2bb3a0' },
  { code: UNIT_STATE.dead, key: 'dead', label: 'dead', css: '#e5484d' },
  { code: UNIT_STATE.saturated, key: 'saturated', label: 'saturated', css: '#f5a524' },
  { code: UNIT_STATE.stuckNegative, key: 'stuckNegative', label: 'stuck negative', css: '#8e7cf0' },
  { code: UNIT_STATE.inactive, key: 'inactive', label: 'inactive', css: '#45a05a' },
  // Silent on the probe batch, not confirmed dead on the training split: a pale red, lighter
  // than dead in every colour-vision type.
  {
    code: UNIT_STATE.inactiveOnProbe,
    key: 'inactiveOnProbe',
    label: 'inactive on the probe',
    css: '#eea0a2'
  }
]

/** The colour of a state code; unknown codes read as alive. */
export function unitStateColor(code: number): UnitStateColor {
  return UNIT_STATE_COLORS[code] ?? UNIT_STATE_COLORS[UNIT_STATE.alive]!
}

/** sRGB channels of '#rrggbb' in 0..1. */
export function rgbOf(css: string): [number, number, number] {
  const n = Number.parseInt(css.slice(1), 16)
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255]
}

/** '#rrggbb' of `css` with every channel multiplied by `factor` (0..1: darker). */
export function shaded(css: string, factor: number): string {
  const f = Math.max(0, Math.min(1, factor))
  return `#${rgbOf(css)
    .map((c) =>
      Math.round(c * f * 255)
        .toString(16)
        .padStart(2, '0')
    )
    .join('')}`
}

/**
 * How bright a landscape tile is drawn at relative height `h` (|h| in 0..1 of the axis): low
 * tiles dimmer, as in the app's 3D view.
 */
export const tileShade = (h: number): number => 0.45 + 0.55 * Math.min(1, Math.abs(h))

/** Brightness of a riser relative to its tile, so steps read as steps without lighting. */
export const RISER_SHADE = 0.62
