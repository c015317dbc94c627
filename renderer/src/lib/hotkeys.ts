/**
 * Keyboard shortcuts for run control: the action a key press asks for, given the run phase.
 * Pure; App.svelte wires it to keydown.
 */
import type { RunPhase } from './run-state'

export type RunAction = 'start' | 'pause' | 'resume' | 'stop'

export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  /** True when focus is in a text field (Space, Enter and Esc belong to the field then). */
  inField: boolean
}

/** The run action a key press asks for in `phase`, or null when it asks for none. */
export function actionForKey(press: KeyPress, phase: RunPhase): RunAction | null {
  const live =
    phase === 'running' || phase === 'paused' || phase === 'loading' || phase === 'starting'
  // Esc in a field means "cancel this edit"; a stopped run cannot be resumed, so never there.
  if (press.inField) return null
  if (press.key === 'Escape') return live ? 'stop' : null
  if (press.key === 'Enter' && (press.ctrlKey || press.metaKey)) return live ? null : 'start'
  if (press.key === ' ') {
    if (phase === 'running') return 'pause'
    if (phase === 'paused') return 'resume'
  }
  return null
}
