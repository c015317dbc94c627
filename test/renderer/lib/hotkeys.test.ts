import { describe, expect, it } from 'vitest'
import { actionForKey } from '../../../renderer/src/lib/hotkeys'

const press = (key: string, extra: Partial<{ ctrlKey: boolean; inField: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  inField: false,
  ...extra
})

describe('run hotkeys', () => {
  it('toggles pause and resume with Space and stops with Escape', () => {
    expect(actionForKey(press(' '), 'running')).toBe('pause')
    expect(actionForKey(press(' '), 'paused')).toBe('resume')
    expect(actionForKey(press('Escape'), 'paused')).toBe('stop')
    expect(actionForKey(press('Escape'), 'idle')).toBeNull()
  })

  it('starts with Ctrl+Enter only when no run is live, and leaves Space to text fields', () => {
    expect(actionForKey(press('Enter', { ctrlKey: true }), 'idle')).toBe('start')
    expect(actionForKey(press('Enter', { ctrlKey: true }), 'running')).toBeNull()
    expect(actionForKey(press(' ', { inField: true }), 'running')).toBeNull()
  })

  it('leaves Escape to a text field instead of stopping the run for good', () => {
    expect(actionForKey(press('Escape', { inField: true }), 'running')).toBeNull()
    expect(actionForKey(press('Escape'), 'running')).toBe('stop')
  })
})
