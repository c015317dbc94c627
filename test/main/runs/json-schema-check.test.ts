import { describe, expect, it } from 'vitest'
import { validate } from '../../../main/runs/json-schema-check'
import evaluationSchema from '../../../resources/run-format/evaluation.schema.json'

const NUMBERS = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    rows: {
      type: 'array',
      maxItems: 3,
      items: { type: 'array', items: { type: 'number', minimum: 0, exclusiveMaximum: 1 } }
    },
    name: { type: 'string', pattern: '^[a-z]+$', maxLength: 5 },
    kind: { const: 'grid' }
  },
  required: ['rows', 'kind'],
  additionalProperties: false
}

describe('validate (ajv, draft 2020-12)', () => {
  it('accepts a value that fits, and says nothing', () => {
    expect(validate(NUMBERS, { rows: [[0, 0.5]], name: 'ab', kind: 'grid' })).toEqual([])
  })

  it('names the path of a nested item and the bound it breaks', () => {
    expect(validate(NUMBERS, { rows: [[0], [0.2, 1]], kind: 'grid' })).toEqual([
      '$.rows[1][1]: expected < 1, got 1'
    ])
    expect(validate(NUMBERS, { rows: [[-2]], kind: 'grid' })).toEqual([
      '$.rows[0][0]: expected >= 0, got -2'
    ])
  })

  it('says which field is missing, which is unknown, and what a constant must be', () => {
    expect(validate(NUMBERS, { kind: 'grid' })).toEqual(['$: rows is missing'])
    expect(validate(NUMBERS, { rows: [], kind: 'grid', extra: 1 })).toEqual([
      '$.extra: not allowed (no such field in this format)'
    ])
    expect(validate(NUMBERS, { rows: [], kind: 'list' })).toEqual([
      '$.kind: must be "grid", got "list"'
    ])
    expect(validate(NUMBERS, { rows: [], kind: 'grid', name: 'A1' })).toEqual([
      '$.name: "A1" does not match ^[a-z]+$'
    ])
  })

  it('refuses an array over its cap by its length, before walking a million bad items', () => {
    let itemsRead = 0
    const huge = new Proxy(new Array(1_000_000).fill(['not a number']), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) itemsRead++
        return Reflect.get(target, key, receiver) as unknown
      }
    })
    expect(validate(NUMBERS, { rows: huge, kind: 'grid' })).toEqual([
      '$.rows: expected at most 3 items, got 1000000'
    ])
    expect(itemsRead).toBe(0)
  })

  it('refuses a schema with a keyword it does not check, rather than ignoring it', () => {
    expect(() => validate({ type: 'number', multipleOff: 2 }, 4)).toThrow(/multipleOff/)
  })

  it('checks the run format’s own schemas: an evaluation with a class count past its cap', () => {
    const classes = new Array(501).fill('c')
    const problems = validate(evaluationSchema as Record<string, unknown>, {
      format: 1,
      classes,
      step: 1,
      splits: [],
      misclassified: [],
      misclassifiedTotal: 0
    })
    expect(problems).toEqual(['$.classes: expected at most 500 items, got 501'])
  })
})
