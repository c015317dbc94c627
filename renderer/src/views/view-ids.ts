/** The app's views, in sidebar order, with their keyboard digit and one-line purpose. */
export const VIEWS = [
  { id: 'data', label: 'Data', hint: 'classes, thumbnails, skipped files, augmentation' },
  { id: 'model', label: 'Model', hint: 'layer stack, presets, training settings' },
  { id: 'train', label: 'Train', hint: 'run control, progress, loss and accuracy' },
  { id: 'layers', label: 'Layers', hint: 'variance, gradients, histograms, BN, dropout' },
  { id: 'landscape', label: '3D landscape', hint: 'units × time surface and ridge histograms' },
  { id: 'deadmap', label: 'Dead-neuron map', hint: 'every unit by state, over time' },
  { id: 'runs', label: 'Runs', hint: 'history, findings, rename, tag, re-run, export' },
  { id: 'compare', label: 'Compare', hint: 'two runs side by side' }
] as const

export type ViewId = (typeof VIEWS)[number]['id']
