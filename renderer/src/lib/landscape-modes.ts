/**
 * The 3D view's modes, and how they read back from localStorage. The unit cells were saved as
 * 'surface' before the code took the name the view shows ('Unit cells'); a setting saved then
 * still reads, as 'cells'. Pure.
 */

/** What the 3D view draws: the unit cells ('Unit cells') or the histogram ridges. */
export type LandscapeMode = 'cells' | 'ridge'

/** The entries of `saved` (layer key → mode) that name a mode, each by today's name. */
export function savedModes(saved: object): Record<string, LandscapeMode> {
  const out: Record<string, LandscapeMode> = {}
  for (const [key, mode] of Object.entries(saved)) {
    if (mode === 'cells' || mode === 'surface') out[key] = 'cells'
    else if (mode === 'ridge') out[key] = 'ridge'
  }
  return out
}
