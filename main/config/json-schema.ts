/**
 * The run configuration as a JSON Schema (resources/run-format/config.schema.json), generated
 * from the zod schema, for tools outside Trainscape that write config.json (python/
 * trainscape_probe). Input form: defaults may be left out. Pure.
 */
import { z } from 'zod'
import { runConfigSchema } from '../contract/config/schema'

export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(runConfigSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://trainscape.invalid/run-format/config.schema.json',
    title: 'config.json: the run configuration (RunConfig); defaults may be left out'
  }
}
