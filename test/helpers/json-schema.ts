/**
 * Test helper: the run-format JSON Schema validator, which lives in the contract layer since the
 * run reader checks records with it too (main/contract/json-schema-check.ts).
 */
export { validate } from '../../main/contract/json-schema-check'
