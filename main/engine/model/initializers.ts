/**
 * Weight initializers as data: each is a function of (size, fanIn, fanOut, rng) returning the
 * flat values of a kernel. Normals are plain (not truncated) with the exact variance the lecture
 * states (He: 2/fanIn, Glorot: 2/(fanIn+fanOut), LeCun: 1/fanIn), so the measured weight
 * variance matches the theory the app shows next to it. Truncated normals (Keras' default)
 * would shrink the variance by about 12% unless rescaled.
 */
import type { InitializerName, InitializerSpec } from '../../contract/config/schema'
import { fillNormal, fillUniform, type Rng } from '../../random/seeded-random'

/** Flat kernel values, length `size`; fresh array. Advances `rng`. */
export type Initializer = (size: number, fanIn: number, fanOut: number, rng: Rng) => Float32Array

type InitializerFactory<S extends InitializerSpec> = (spec: S) => Initializer

const normal = (stddev: (fanIn: number, fanOut: number) => number): Initializer => {
  return (size, fanIn, fanOut, rng) =>
    fillNormal(new Float32Array(size), rng, 0, stddev(fanIn, fanOut))
}
const uniform = (limit: (fanIn: number, fanOut: number) => number): Initializer => {
  return (size, fanIn, fanOut, rng) =>
    fillUniform(new Float32Array(size), rng, limit(fanIn, fanOut))
}

/** One factory per name in contract/config/schema.ts's INITIALIZERS (the mapped type makes it total). */
const INITIALIZER_FACTORIES: {
  [N in InitializerName]: InitializerFactory<Extract<InitializerSpec, { type: N }>>
} = {
  zeros: () => (size) => new Float32Array(size),
  constant: (spec) => (size) => new Float32Array(size).fill(spec.value),
  'random-normal': (spec) => (size, _fanIn, _fanOut, rng) =>
    fillNormal(new Float32Array(size), rng, spec.mean, spec.stddev),
  'glorot-normal': () => normal((i, o) => Math.sqrt(2 / (i + o))),
  'glorot-uniform': () => uniform((i, o) => Math.sqrt(6 / (i + o))),
  'he-normal': () => normal((i) => Math.sqrt(2 / i)),
  'he-uniform': () => uniform((i) => Math.sqrt(6 / i)),
  'lecun-normal': () => normal((i) => Math.sqrt(1 / i))
}

/** The initializer a spec describes. Pure. */
export function initializerOf(spec: InitializerSpec): Initializer {
  const factory = INITIALIZER_FACTORIES[spec.type] as InitializerFactory<InitializerSpec>
  return factory(spec)
}

/** A short label for the run's layer table, e.g. `he-normal` or `random-normal(0, 0.03)`. */
export function initializerLabel(spec: InitializerSpec): string {
  switch (spec.type) {
    case 'constant':
      return `constant(${spec.value})`
    case 'random-normal':
      return `random-normal(${spec.mean}, ${spec.stddev})`
    default:
      return spec.type
  }
}
