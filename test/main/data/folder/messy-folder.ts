/**
 * Builds the "real folders are messy" fixture: two good classes with every awkward case a user's
 * folder holds (broken files, hidden litter, nesting, Unicode names, symlinks, a named pipe).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import {
  bombPng,
  noise,
  put,
  solidJpeg,
  solidPng,
  tempFolder,
  truncate,
  type Rgb
} from './fixture-images'

export const CAT = { r: 230, g: 40, b: 40 }
export const DOG = { r: 40, g: 40, b: 230 }
/** "Café" and "über" written in decomposed form (NFD), as macOS file systems store them. */
export const CAFE_NFD = 'Cafe\u0301'
export const UBER_NFD = 'u\u0308ber.png'

/** Expected skip reasons by relative path (NFC), for the bad entries the fixture contains. */
export const EXPECTED_SKIPS: Record<string, RegExp> = {
  'cat/cut.jpg': /^truncated: the JPEG data ends early$/,
  'cat/cut.png': /^truncated: the PNG data ends early$/,
  'cat/zero.png': /^empty file \(0 bytes\)$/,
  'cat/readme.jpg': /^not an image/,
  'cat/bomb.png': /^too large: declares 20000×20000 pixels/,
  'cat/deep/loop': /^symbolic link loop/,
  'dog/escape': /^symbolic link leaves the chosen folder/,
  'dog/pipe.png': /^unreadable: not a regular file \(a named pipe\)$/,
  empty: /^empty class folder: no usable images; the class is left out$/,
  'stray.png': /^ignored: a file outside any class folder$/,
  'dog-alias':
    /^ignored: a symbolic link into the class folder dog\/; followed, its dog images would be labelled dog-alias/
}

async function goodImages(root: string, cls: string, colour: Rgb, count: number) {
  for (let i = 0; i < count; i++) put(root, `${cls}/img-${i}.png`, await solidPng(colour))
}

/** Writes the messy folder; returns its root. Usable: cat 6 + café 4 + dog 6 (incl. odd formats). */
export async function messyFolder(): Promise<string> {
  const root = tempFolder('messy')
  await goodImages(root, 'cat', CAT, 4)
  put(root, 'cat/png-named.jpg', await solidPng(CAT))
  put(root, 'cat/deep/er/nested.png', await solidPng(CAT))
  put(root, 'cat/cut.jpg', truncate(await noise(300, 200).jpeg().toBuffer(), 0.5))
  put(root, 'cat/cut.png', truncate(await noise(300, 200).png().toBuffer(), 0.5))
  put(root, 'cat/zero.png', '')
  put(root, 'cat/readme.jpg', 'these are my cat pictures')
  put(root, 'cat/bomb.png', bombPng(20000, 20000))
  symlinkSync('..', join(root, 'cat/deep/loop'))
  await goodImages(root, 'dog', DOG, 3)
  put(
    root,
    'dog/cmyk.jpg',
    await sharp(await solidJpeg(DOG))
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer()
  )
  put(
    root,
    'dog/deep16.png',
    await sharp(await solidPng(DOG))
      .toColourspace('rgb16')
      .png()
      .toBuffer()
  )
  put(
    root,
    'dog/a.gif',
    await sharp(await solidPng(DOG))
      .gif()
      .toBuffer()
  )
  symlinkSync('/usr/share', join(root, 'dog/escape'))
  execFileSync('mkfifo', [join(root, 'dog/pipe.png')])
  await goodImages(root, CAFE_NFD, { r: 40, g: 200, b: 40 }, 3)
  put(root, `${CAFE_NFD}/${UBER_NFD}`, await solidPng({ r: 40, g: 200, b: 40 }))
  mkdirSync(join(root, 'empty'))
  symlinkSync('dog', join(root, 'dog-alias'))
  put(root, '.DS_Store', 'junk')
  put(root, 'cat/Thumbs.db', 'junk')
  put(root, 'cat/.hidden.png', await solidPng(CAT))
  put(root, '.ipynb_checkpoints/x/y.png', await solidPng(CAT))
  put(root, '.secret-class/z.png', await solidPng(CAT))
  put(root, 'stray.png', await solidPng(CAT))
  return root
}
