/**
 * The export format names, defined once for the exporter, the CLI and the IPC contract
 * (tfevents = a TensorBoard event file). Pure: no imports, so the renderer may use it.
 */
export const EXPORT_FORMATS = ['html', 'pdf', 'csv', 'json', 'tfevents', 'model'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
