/**
 * Counts in words for labels the user reads ("1 file", "3 classes"), so no view says
 * "1 files". Pure.
 */

/** `1 image`, `2 images`, `1 class`, `3 classes`; `plural` overrides the regular form. */
export function countOf(n: number, singular: string, plural?: string): string {
  if (n === 1) return `${n} ${singular}`
  return `${n} ${plural ?? (singular.endsWith('s') ? `${singular}es` : `${singular}s`)}`
}
