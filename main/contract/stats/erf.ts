/**
 * The error function for the activations that need the Gaussian CDF (GELU = x·Φ(x),
 * Φ(x) = (1 + erf(x/√2))/2). Chebyshev-fitted erfc (Numerical Recipes' erfcc, after W. Press et
 * al., 2nd ed. §6.2): fractional error below 1.2e-7 for every x, far below what a float32
 * activation or a Monte Carlo estimate can resolve. Pure.
 */

/** erfc(x) = 1 - erf(x), for any finite x; NaN gives NaN. Pure. */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  const r = t * Math.exp(-z * z + poly)
  return x >= 0 ? r : 2 - r
}

/** erf(x) = 2/√π ∫₀ˣ e^(−t²) dt. Pure. */
export function erf(x: number): number {
  return 1 - erfc(x)
}

/** Φ(x): the standard normal CDF. Pure. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2)
}
