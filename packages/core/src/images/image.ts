import { ValidationError } from '../errors.js';
import { sanitizeSvg } from './svg.js';

/** The image types a logo may have. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;
/** One image type a logo may have. */
export type ImageType = (typeof IMAGE_TYPES)[number];

/** The largest logo accepted, in bytes. */
export const MAX_IMAGE_BYTES = 256 * 1024;

// The first bytes of each raster type: the declared type must be the one the bytes are.
const SIGNATURES: Record<Exclude<ImageType, 'image/svg+xml'>, (bytes: Buffer) => boolean> = {
  'image/png': (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (bytes) => bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  'image/webp': (bytes) =>
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};

/**
 * Checks an uploaded image: at most MAX_IMAGE_BYTES, of a declared type its bytes really are. An SVG comes
 * back sanitised (see sanitizeSvg); a raster image comes back as it was.
 */
export function checkImage(type: ImageType, bytes: Buffer, what = 'The image'): Buffer {
  if (bytes.length === 0) throw new ValidationError(`${what} is empty.`, [{ path: 'data', message: 'empty' }]);
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ValidationError(`${what} is larger than ${MAX_IMAGE_BYTES} bytes.`, [
      { path: 'data', message: `at most ${MAX_IMAGE_BYTES} bytes` },
    ]);
  }
  if (type === 'image/svg+xml') return Buffer.from(sanitizeSvg(bytes.toString('utf8'), what).svg);
  if (!SIGNATURES[type](bytes)) {
    throw new ValidationError(`${what} is not a ${type} file.`, [
      { path: 'data', message: `the bytes are not ${type}` },
    ]);
  }
  return bytes;
}
