/**
 * Every IPC channel name, in one place. Request/response channels are invoked by the renderer
 * and answered by main with a Result; push channels carry main → renderer messages.
 * Dependency-free so the sandboxed preload bundle stays tiny (schemas live in contract.ts).
 */
export const INVOKE_CHANNELS = [
  'app:info',
  'settings:get',
  'settings:set',
  'data:open-dialog',
  'data:drop',
  'data:recent',
  'data:browse',
  'data:scan',
  'data:thumbnails',
  'data:augment-preview',
  'data:inspect',
  'data:inspect-progress',
  'model:budget',
  'presets:list',
  'config:validate',
  'train:start',
  'train:pause',
  'train:resume',
  'train:stop',
  'train:status',
  'runs:list',
  'runs:open',
  'runs:findings',
  'runs:rename',
  'runs:tag',
  'runs:delete',
  'runs:rerun',
  'runs:fork',
  'runs:export',
  'runs:sources',
  'runs:add-source',
  'runs:remove-source',
  'runs:follow',
  'claims:start',
  'claims:status',
  'claims:cancel'
] as const
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number]

export const PUSH_CHANNELS = ['train:event'] as const
export type PushChannel = (typeof PUSH_CHANNELS)[number]

/** True when `value` names a request/response channel. */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}
