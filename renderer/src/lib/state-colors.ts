/**
 * The one palette: unit states (alive, dead, saturated, stuck-negative, inactive, inactive on the
 * probe) and chart series share these colours in every chart, map and 3D view, so a colour means
 * the same thing everywhere. Pure data; the state colours come from
 * main/contract/charts/unit-state-colors.ts (the report draws with the same), and the CSS
 * variables in App.svelte's global style mirror them.
 */
import { UNIT_STATE, type UnitState } from '../../../main/contract/runs/records'
import { rgbOf, UNIT_STATE_COLORS } from '../../../main/contract/charts/unit-state-colors'

export interface StateStyle {
  code: UnitState
  key: 'alive' | 'dead' | 'saturated' | 'stuckNegative' | 'inactive' | 'inactiveOnProbe'
  label: string
  /** CSS colour, '#rrggbb'. */
  css: string
  /** The same colour as linear-ish 0..1 RGB for vertex colours. */
  rgb: readonly [number, number, number]
}

function style(key: StateStyle['key']): StateStyle {
  const shared = UNIT_STATE_COLORS[UNIT_STATE[key]]!
  return { code: shared.code, key, label: shared.label, css: shared.css, rgb: rgbOf(shared.css) }
}

/** Indexed by UNIT_STATE code; the colours and words of charts/unit-state-colors.ts. */
export const STATE_STYLES: readonly StateStyle[] = [
  style('alive'),
  style('dead'),
  style('saturated'),
  style('stuckNegative'),
  style('inactive'),
  style('inactiveOnProbe')
]

/** The style of a state code; unknown codes read as alive rather than throwing mid-frame. */
export function stateStyle(code: number): StateStyle {
  return STATE_STYLES[code] ?? STATE_STYLES[UNIT_STATE.alive]!
}

/**
 * Chart series: train and validation curves, the theory's prediction, measured values. Chosen
 * from the hues the state colours leave free (blue, magenta, lime) and neutral greys, so a line
 * is never read as "dead" or "saturated"; seriesClashesWithStates checks it (tested).
 */
export const SERIES_COLORS = {
  train: '#4c8df6',
  val: '#d35fd6',
  predicted: '#c0c6d4',
  measured: '#4c8df6',
  chain: '#b6d84a',
  gradient: '#d35fd6',
  batch: '#4c8df6',
  moving: '#d35fd6',
  batchMean: '#9cc3ff',
  movingMean: '#eaa6eb',
  kept: '#4c8df6',
  /** A unit's active fraction, beside its mean activation (measured, blue) in one chart. */
  active: '#d35fd6',
  /** The accuracy baselines: neutral greys, dashed. */
  majority: '#c0c6d4',
  chance: '#878d9c'
} as const

/** One colour per run in Compare overlays (run A, B, C, D, then again). */
export const RUN_COLORS = ['#4c8df6', '#d35fd6', '#b6d84a', '#e6e9f0'] as const

/** Hue in degrees and chroma (0 grey … 1 vivid) of '#rrggbb'. */
export function hueOf(css: string): { hue: number; chroma: number } {
  const [r, g, b] = rgbOf(css)
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  const c = max - min
  if (c === 0) return { hue: 0, chroma: 0 }
  const h = max === r ? ((g - b) / c) % 6 : max === g ? (b - r) / c + 2 : (r - g) / c + 4
  return { hue: (h * 60 + 360) % 360, chroma: c }
}

/** True when `css` is a vivid colour within `degrees` of hue of a state colour. */
export function seriesClashesWithStates(css: string, degrees = 30): boolean {
  const a = hueOf(css)
  if (a.chroma < 0.2) return false
  return STATE_STYLES.some((st) => {
    const d = Math.abs(a.hue - hueOf(st.css).hue)
    return Math.min(d, 360 - d) < degrees
  })
}

/** Hex colour with alpha, e.g. withAlpha('#2bb3a0', 0.4) → 'rgba(43,179,160,0.4)'. */
export function withAlpha(css: string, alpha: number): string {
  const [r, g, b] = rgbOf(css).map((c) => Math.round(c * 255))
  return `rgba(${r},${g},${b},${alpha})`
}

/**
 * Colour of layer `i` of `n`: one blue, light for the first layer and deep for the last, as
 * '#rrggbb' (a hue no state colour uses; the hover readout names each layer).
 */
export function layerColor(i: number, n: number): string {
  const t = n <= 1 ? 0 : i / (n - 1)
  return hslHex(212, 0.85, 0.82 - t * 0.4)
}

/** '#rrggbb' of an HSL colour (h degrees, s and l in 0..1). */
function hslHex(h: number, s: number, l: number): string {
  const k = (n: number) => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))
  return `#${[0, 8, 4]
    .map((n) =>
      Math.round(f(n) * 255)
        .toString(16)
        .padStart(2, '0')
    )
    .join('')}`
}
