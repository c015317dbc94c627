/**
 * Writes resources/run-format/config.schema.json, the JSON Schema of a run's config.json,
 * generated from the zod schema that validates it (main/contract/config/schema.ts), so the two cannot
 * drift apart (test/resources/run-format.test.ts compares them).
 *   npx tsx scripts/make-config-schema.ts
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { configJsonSchema } from '../main/config/json-schema'

const path = resolve(import.meta.dirname, '../resources/run-format/config.schema.json')
await writeFile(path, `${JSON.stringify(configJsonSchema(), null, 2)}\n`)
console.log(`wrote ${path}`)
