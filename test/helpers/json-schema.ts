/**
 * Test helper: the run-format JSON Schema validator (ajv), which lives with the run reader since
 * it checks records with it too (main/runs/json-schema-check.ts).
 */
export { validate } from '../../main/runs/json-schema-check'
