/**
 * Every threshold the findings engine uses, named and explained. docs/findings.md lists
 * them; test/main/runs/diagnosis checks that each lecture preset trips the finding it exists to
 * show and that ReLU + He + batch norm trips none. Pure constants.
 */

/**
 * Dead ReLU units, judged at the last probe. A layer trips the finding when at least
 * DEAD_FRACTION_PROBLEM of its units are dead (a problem, however they got there), or when at
 * least DEAD_FRACTION_WARNING are dead and at least DEAD_FRACTION_GROWTH of all units died
 * during training (dead at the end, not at the first probe). Some units of a healthy He-initialized
 * net never fire on a small probe batch from the start; units that *die* are the lecture's point.
 */
export const DEAD_FRACTION_WARNING = 0.25
export const DEAD_FRACTION_GROWTH = 0.15
export const DEAD_FRACTION_PROBLEM = 0.5

/** Saturated sigmoid/tanh units: mean saturated fraction over all probes (warning / problem). */
export const SATURATED_FRACTION_WARNING = 0.25
export const SATURATED_FRACTION_PROBLEM = 0.6

/**
 * Gradient flow: median over probes of the first layer's RMS gradient per kernel weight
 * (‖∂L/∂W‖ / √(fanIn·units)) divided by the last (output) layer's. Below VANISHING the early
 * layers barely learn; above EXPLODING they are kicked harder than the output by two orders of
 * magnitude. Calibrated (npm run claims -- --calibration): healthy relu-he, xavier-tanh,
 * batchnorm and cnn-baseline sit near 0.1–1; sigmoid-deep near 0.001, on the sample and on a
 * colour icon folder.
 */
export const GRAD_RATIO_VANISHING = 0.01
export const GRAD_RATIO_EXPLODING = 100

/**
 * Variance with depth at initialization: Var(pre) of the deepest hidden layer divided by that
 * of the first. Below COLLAPSE the signal dies out with depth (n·Var(w) < 1); above GROWTH it
 * explodes (n·Var(w) > 1). Needs at least VARIANCE_MIN_DEPTH hidden weighted layers.
 */
export const VARIANCE_COLLAPSE_RATIO = 0.01
export const VARIANCE_GROWTH_RATIO = 100
export const VARIANCE_MIN_DEPTH = 2

/**
 * Symmetric units: a layer whose incoming weight vectors differ across units by at most this
 * fraction of the weights' root-mean-square (exactly 0 after all-zeros initialization).
 */
export const SYMMETRY_RELATIVE_SPREAD = 1e-6

/** Not zero-centred: |mean post-activation| of a sigmoid/tanh layer at the last probe. */
export const OFF_CENTRE_MEAN = 0.25

/**
 * Overfitting: at the last epoch, train accuracy minus validation accuracy at least GAP even at
 * the low end of its noise (gap - GAP_Z standard errors, each accuracy a binomial proportion
 * over its split's images: on 114 validation images at 60% one standard error is 0.046), or
 * validation loss at least VAL_LOSS_RISE (relative) above its best for VAL_LOSS_PATIENCE epochs
 * in a row while train loss kept falling (early stopping's patience: one epoch's rise on a few
 * hundred validation images can be noise).
 */
export const OVERFIT_ACCURACY_GAP = 0.15
export const OVERFIT_GAP_Z = 2
export const OVERFIT_VAL_LOSS_RISE = 0.2
export const OVERFIT_VAL_LOSS_PATIENCE = 2
/** Overfitting is judged only once this many epochs exist. */
export const OVERFIT_MIN_EPOCHS = 2

/**
 * A gradient norm above this is called large in the Layers view's gradient verdict even when
 * the first/output ratio is inside the band (large-init: ~1,500 in every layer). Wording only;
 * no finding uses it.
 */
export const GRAD_NORM_LARGE = 100
