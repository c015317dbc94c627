/**
 * The one palette: unit states (alive, dead, saturated, stuck-negative) and chart series share
 * these colours in every chart, map and 3D view, so a colour means the same thing everywhere.
 * Pure data; the CSS variables in App.svelte's global style mirror STATE_COLORS.
 */
import { UNIT_STATE, type UnitState } from '../../../main/runs/records'

export interface StateStyle {
  code: UnitState
  key: 'alive' | 'dead' | 'saturated' | 'stuckNegative'
  label: string
  /** CSS colour, '#rrggbb'. */
  css: string
  /** The same colour as linear-ish 0..1 RGB for vertex colours. */
  rgb: readonly [number, number, number]
}

function rgbOf(css: string): [number, number, number] {
  const n = Number.parseInt(css.slice(1), 16)
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255]
}

function style(key: StateStyle['key'], label: string, css: string): StateStyle {
  return { code: UNIT_STATE[key], key, label, css, rgb: rgbOf(css) }
}

/** Indexed by UNIT_STATE code. Colour-blind-safe hues (teal, red, amber, violet). */
export const STATE_STYLES: readonly StateStyle[] = [
  style('alive', 'alive', '#2bb3a0'),
  style('dead', 'dead', '#e5484d'),
  style('saturated', 'saturated', '#f5a524'),
  style('stuckNegative', 'stuck negative', '#8e7cf0')
]

/** The style of a state code; unknown codes read as alive rather than throwing mid-frame. */
export function stateStyle(code: number): StateStyle {
  return STATE_STYLES[code] ?? STATE_STYLES[UNIT_STATE.alive]
}

/** Chart series: train and validation curves, the theory's prediction, and measured values. */
export const SERIES_COLORS = {
  train: '#4c8df6',
  val: '#f08c3a',
  predicted: '#a0a8b8',
  measured: '#4c8df6',
  gradient: '#c36bd9',
  batch: '#4c8df6',
  moving: '#f08c3a',
  kept: '#2bb3a0'
} as const

/** Hex colour with alpha, e.g. withAlpha('#2bb3a0', 0.4) → 'rgba(43,179,160,0.4)'. */
export function withAlpha(css: string, alpha: number): string {
  const [r, g, b] = rgbOf(css).map((c) => Math.round(c * 255))
  return `rgba(${r},${g},${b},${alpha})`
}

/** Colour of layer `i` of `n` on a blue → magenta ramp (input layers cool, deep layers warm). */
export function layerColor(i: number, n: number): string {
  const t = n <= 1 ? 0 : i / (n - 1)
  return `hsl(${Math.round(205 + t * 125)}, 70%, ${Math.round(62 - t * 8)}%)`
}
