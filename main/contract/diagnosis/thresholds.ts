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

/*
 * Causes (main/runs/diagnosis/causes): which measured condition most likely made a finding
 * happen. Calibrated by `npm run calibrate-causes` (docs/findings.md has the table).
 */

/**
 * A layer's update/weight ratio ‖ΔW‖/‖W‖ per step: about UPDATE_RATIO_RULE_OF_THUMB is the
 * common rule of thumb; at UPDATE_RATIO_HIGH (ten times that) or more in the steps before a
 * finding, the step size is named as its cause. Adam's first steps move every weight by about
 * the learning rate, so the ratio is about lr·√(fanIn / n·Var(w)): 0.02 for a He-initialized
 * 784-input layer at 1e-3 (healthy), 0.05 at 4,800 inputs (dies), 0.6 at lr 0.03.
 * The learning-rate fix divides the rate by the power of ten that brings the ratio to at most
 * UPDATE_RATIO_HIGH (at least by 10).
 */
export const UPDATE_RATIO_RULE_OF_THUMB = 1e-3
export const UPDATE_RATIO_HIGH = 1e-2
/** The learning-rate fix divides by at most 10^MAX_LR_DIVISOR_POWER. */
export const MAX_LR_DIVISOR_POWER = 3

/**
 * Bias-driven pre-activations: a layer whose mean pre-activation is at least PRE_MEAN_DOMINANCE
 * of its standard deviations away from 0 (every example on the same side of the activation),
 * with at least BIAS_SHARE of that mean (or of its change since the first probe) held by the
 * bias. The per-layer mean pre-activation is exactly the bias mean plus the weights' part.
 */
export const PRE_MEAN_DOMINANCE = 2
export const BIAS_SHARE = 0.5

/**
 * Initialization scale: a layer's n·Var(w) (fan-in times the kernel's variance) at the first
 * probe against what its activation needs (2 for the ReLU family, He; 1 otherwise, Xavier for
 * n_in ≈ n_out). Off by INIT_GAIN_FACTOR or more either way is named as the cause. PyTorch's
 * default (1/3, a sixth of ReLU's 2) stays inside; 0.03·N(0,1) on 128 inputs (0.115) and
 * N(0,1) (n) do not.
 */
export const INIT_GAIN_FACTOR = 8

/**
 * Mean-dominated inputs: the per-pixel mean image holds at least MEAN_IMAGE_SHARE_HIGH of the
 * inputs' E[x²] (DatasetSummary.meanImageShare). Raw byte/255 pixels of a plain-background
 * folder sit near 0.9; standardized Fashion-MNIST near 0.3.
 */
export const MEAN_IMAGE_SHARE_HIGH = 0.5
