/**
 * The run configuration as a JSON Schema (resources/run-format/config.schema.json), generated
 * from the zod schema, for tools outside Trainscape that write config.json (python/
 * trainscape_probe). Input form: defaults may be left out. The probe settings' old key
 * (`instruments`, LEGACY_PROBE_KEY) is still read, so the schema accepts it, marked deprecated.
 * Pure.
 */
import { z } from 'zod'
import { runConfigSchema } from '../contract/config/schema'
import { LEGACY_PROBE_KEY } from '../contract/config/validate'

export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(runConfigSchema, { io: 'input', unrepresentable: 'any' })
  const properties = generated.properties as Record<string, Record<string, unknown>>
  properties[LEGACY_PROBE_KEY] = {
    ...properties.probe,
    description: 'The old name of `probe` (read as `probe`; write `probe`).',
    deprecated: true
  }
  return {
    ...generated,
    $id: 'https://trainscape.invalid/run-format/config.schema.json',
    title: 'config.json: the run configuration (RunConfig); defaults may be left out'
  }
}
