/**
 * The image source as the person named it: a folder path exactly as typed or picked (not the
 * resolved real path, which only shows on hover), or "bundled sample". Pure.
 */
import type { ImageSource } from '../../../main/contract/ipc/contract'

export function sourceLabel(source: ImageSource): string {
  return source.kind === 'folder' ? source.path : 'bundled sample'
}
