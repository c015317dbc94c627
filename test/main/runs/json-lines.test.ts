import { describe, expect, it } from 'vitest'
import { parse, parseLines, stringify, toLine } from '../../../main/runs/json-lines'

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
