/**
 * The preset the app opens on and the presets broken on purpose: names shared by main (the CLI's
 * default) and the UI (the preset picker), so the renderer needs no bundled preset files.
 */

/** The healthy preset a first start opens on: ReLU with He initialization trains, nothing dies. */
export const DEFAULT_PRESET = 'relu-he'

/** Presets broken on purpose, each with what goes wrong: the contrast to the healthy one. */
export const BROKEN_PRESETS: readonly { name: string; shows: string }[] = [
  { name: 'sigmoid-deep', shows: 'vanishing gradients' },
  { name: 'relu-dying', shows: 'dying ReLU units' },
  { name: 'zeros-init', shows: 'units that never differ' },
  { name: 'large-init', shows: 'exploding variance' }
]
