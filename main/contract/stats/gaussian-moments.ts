/**
 * Moments of an activation's output when its input is Gaussian: E[f(h)] and E[f(h)²] for
 * h ~ N(0, v). This is what carries the lecture's variance argument through a nonlinearity:
 * the next layer's pre-activation variance is fanIn · Var(w) · E[f(h)²] (theory.ts), and for
 * ReLU E[f(h)²] = v/2 (half the inputs are zeroed), the factor He's √2 restores.
 * Computed by composite Simpson quadrature on z ∈ [-8, 8] (h = z·√v; the Gaussian mass
 * beyond 8σ is ~1e-15), with the kink of relu/leaky/elu at z = 0 on a panel boundary, so
 * piecewise-smooth activations integrate to ~1e-10 relative accuracy.
 */
import type { ActivationName } from '../config/schema'
import { normalCdf } from './erf'

/** The activation functions themselves, as data. `a` is the leaky slope (used by leaky-relu). */
export const ACTIVATION_FUNCTIONS: Record<ActivationName, (x: number, a: number) => number> = {
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  relu: (x) => (x > 0 ? x : 0),
  'leaky-relu': (x, a) => (x > 0 ? x : a * x),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  gelu: (x) => x * normalCdf(x),
  silu: (x) => x / (1 + Math.exp(-x)),
  linear: (x) => x
}

const Z_MAX = 8
/** Even, so z = 0 is a panel boundary. */
const PANELS = 1600

/**
 * { mean: E[f(h)], meanSquare: E[f(h)²] } for h ~ N(0, variance), f the activation with leaky
 * slope `leakySlope`. variance 0 gives f(0) and f(0)². NaN when variance is negative or
 * non-finite. Pure.
 */
export function gaussianActivationMoments(
  activation: ActivationName,
  variance: number,
  leakySlope = 0.01
): { mean: number; meanSquare: number } {
  if (!Number.isFinite(variance) || variance < 0) return { mean: NaN, meanSquare: NaN }
  const f = ACTIVATION_FUNCTIONS[activation]
  const sd = Math.sqrt(variance)
  const step = (2 * Z_MAX) / PANELS
  let mass = 0
  let mean = 0
  let meanSquare = 0
  for (let i = 0; i <= PANELS; i++) {
    const z = -Z_MAX + i * step
    const simpson = i === 0 || i === PANELS ? 1 : i % 2 === 1 ? 4 : 2
    const weight = simpson * Math.exp(-0.5 * z * z)
    const y = f(z * sd, leakySlope)
    mass += weight
    mean += weight * y
    meanSquare += weight * y * y
  }
  // Dividing by the integrated density, not √(2π), makes constants come out exact.
  return { mean: mean / mass, meanSquare: meanSquare / mass }
}
