/** Encodes raw 8-bit pixels as a PNG data URL (sharp), for thumbnails shown in the UI and reports. */
import sharp from 'sharp'

/**
 * PNG data URL of uint8 pixels, row-major [height × width × channels], channels 1 or 3; shrunk
 * to fit `maxEdge` pixels when larger (thumbnails stored in JSON stay small).
 */
export async function pngDataUrl(
  pixels: Uint8Array,
  width: number,
  height: number = width,
  channels: 1 | 3 = 3,
  maxEdge = Infinity
): Promise<string> {
  let image = sharp(pixels, { raw: { width, height, channels } })
  if (Math.max(width, height) > maxEdge)
    image = image.resize({ width: maxEdge, height: maxEdge, fit: 'inside' })
  const png = await image
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .png()
    .toBuffer()
  return `data:image/png;base64,${png.toString('base64')}`
}

/** [0, 1] floats to 0–255 bytes, clipped. Does not mutate. */
export function unitToBytes(values: Float32Array): Uint8Array {
  return Uint8Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))
}
