import { describe, expect, it } from 'vitest'
import {
  parse,
  parseLines,
  stringify,
  textNestedDeeperThan,
  toLine,
  valueNestedDeeperThan
} from '../../../main/contract/json-lines'

describe('json-lines codec', () => {
  it('writes non-finite numbers as the strings NaN, Infinity, -Infinity and reads them back', () => {
    const record = { loss: Number.NaN, max: Infinity, min: -Infinity, acc: 0.5 }
    expect(stringify(record)).toBe('{"loss":"NaN","max":"Infinity","min":"-Infinity","acc":0.5}')
    expect(parse(stringify(record))).toEqual(record)
  })

  it('writes typed arrays as plain arrays with their non-finite values spelled out', () => {
    const values = Float32Array.of(1, Number.NaN, -Infinity)
    expect(stringify({ values })).toBe('{"values":[1,"NaN","-Infinity"]}')
    expect(parse<{ values: number[] }>(stringify({ values })).values).toEqual([1, NaN, -Infinity])
  })

  it('keeps strings that only look non-finite (a class or run named "NaN") as strings', () => {
    const summary = {
      name: 'Infinity',
      classes: ['NaN', '-Infinity', 'cat', '\\NaN', '\\\\Infinity'],
      loss: Number.NaN
    }
    expect(parse(stringify(summary, 2))).toEqual(summary)
    const line = parseLines(toLine(summary))
    expect(line.records).toEqual([summary])
  })

  it('drops and flags a torn last line, and numbers complete lines that do not parse', () => {
    const text = `${toLine({ step: 0 })}{oops\n${toLine({ step: 2 })}{"step":`
    expect(parseLines(text)).toEqual({
      records: [{ step: 0 }, { step: 2 }],
      tornTail: true,
      badLines: [2]
    })
  })
})

describe('json-lines depth bound', () => {
  it('refuses JSON nested 5,000 levels deep with a clear error, not a stack overflow', () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`
    expect(() => parse(deep)).toThrow(/nested more than 64 levels deep/)
    // Brackets inside strings do not count.
    expect(parse(`{"a":"${'['.repeat(5000)}"}`)).toEqual({ a: '['.repeat(5000) })
    expect(textNestedDeeperThan('[[["\\"]]]', 3)).toBe(false)
    expect(textNestedDeeperThan('[[[[]]]]', 3)).toBe(true)
  })

  it('measures the depth of a value too deep for recursion', () => {
    let deep: unknown = []
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(valueNestedDeeperThan(deep, 64)).toBe(true)
    expect(valueNestedDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false)
    expect(valueNestedDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true)
  })
})
