/** Grey from RGB the way PIL and torchvision make it, for one-channel models. Pure. */

/**
 * Grey from 8-bit sRGB with the ITU-R 601 weights PIL's convert('L') uses (so a grayscale
 * model sees what Keras or torchvision would feed it). rgb: [pixels × 3]; returns [pixels].
 */
export function luma(rgb: Uint8Array): Uint8Array {
  const grey = new Uint8Array(rgb.length / 3)
  for (let i = 0; i < grey.length; i++) {
    grey[i] = Math.round((299 * rgb[3 * i]! + 587 * rgb[3 * i + 1]! + 114 * rgb[3 * i + 2]!) / 1000)
  }
  return grey
}
