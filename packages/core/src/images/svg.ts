import { SaxesParser } from 'saxes';
import { ValidationError } from '../errors.js';

/** What sanitising an SVG kept, and what it dropped (element and attribute names, for a warning). */
export interface SanitizedSvg {
  svg: string;
  removed: string[];
}

/** The largest SVG accepted, before sanitising. */
export const MAX_SVG_BYTES = 256 * 1024;

const MAX_ELEMENTS = 5_000;

// Shapes, text, gradients and clipping: enough for a logo, nothing that runs, loads, embeds or styles with CSS.
const ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'circle',
  'ellipse',
  'rect',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'symbol',
  'use',
]);

const ATTRIBUTES = new Set([
  'id',
  'viewBox',
  'width',
  'height',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'd',
  'points',
  'pathLength',
  'fill',
  'fill-opacity',
  'fill-rule',
  'clip-rule',
  'clip-path',
  'clipPathUnits',
  'mask',
  'maskUnits',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-opacity',
  'opacity',
  'transform',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'preserveAspectRatio',
  'role',
  'aria-label',
  'aria-hidden',
  'focusable',
  'href',
  'xlink:href',
]);

// Only references to an element of the same document: `url(#id)` in a paint or clip, `#id` in an href.
const LOCAL_URL = /^url\(\s*#[\w.-]+\s*\)$/;
const LOCAL_HREF = /^#[\w.-]+$/;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (char) => ESCAPES[char]!);

function allowedValue(name: string, value: string): boolean {
  if (name === 'href' || name === 'xlink:href') return LOCAL_HREF.test(value.trim());
  if (/url\s*\(/i.test(value)) return LOCAL_URL.test(value.trim());
  return !/[<>]|javascript:|data:/i.test(value);
}

/**
 * Rebuilds an SVG from an allow-list of elements and attributes: no scripts, event handlers, styles (CSS can
 * load `url()`s), foreignObject, images, DOCTYPEs or entities, and no reference outside the document. What is
 * not on the list is dropped, with its content. A document that is not well-formed XML with an `<svg>` root is
 * refused with a validation error.
 */
export function sanitizeSvg(source: string, what = 'SVG'): SanitizedSvg {
  if (Buffer.byteLength(source) > MAX_SVG_BYTES) {
    throw new ValidationError(`${what} is larger than ${MAX_SVG_BYTES} bytes.`);
  }
  const refuse = (reason: string) => new ValidationError(`${what} is not a usable SVG: ${reason}.`);
  const parser = new SaxesParser({ xmlns: false });
  const out: string[] = [];
  const removed = new Set<string>();
  let skipping = 0;
  let elements = 0;
  let root = true;
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= refuse(error.message.split('\n')[0]!.replace(/\.$/, ''));
  });
  parser.on('doctype', () => {
    failure ??= refuse('a DOCTYPE is not allowed');
  });
  parser.on('opentag', (tag) => {
    if (++elements > MAX_ELEMENTS) failure ??= refuse(`more than ${MAX_ELEMENTS} elements`);
    if (root && tag.name !== 'svg') failure ??= refuse('the root element is not <svg>');
    if (skipping > 0 || !ELEMENTS.has(tag.name)) {
      if (skipping === 0) removed.add(`<${tag.name}>`);
      skipping++;
      return;
    }
    const attributes = Object.entries(tag.attributes as Record<string, string>).filter(([name, value]) => {
      if (name === 'xmlns' || name.startsWith('xmlns:')) return false;
      const keep = ATTRIBUTES.has(name) && allowedValue(name, value);
      if (!keep) removed.add(`${name}=`);
      return keep;
    });
    // The rebuilt root declares the namespaces itself: a kept `xlink:href` anywhere below needs its prefix.
    if (root)
      attributes.unshift(['xmlns', 'http://www.w3.org/2000/svg'], ['xmlns:xlink', 'http://www.w3.org/1999/xlink']);
    root = false;
    out.push(`<${tag.name}${attributes.map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('')}>`);
  });
  parser.on('closetag', (tag) => {
    if (skipping > 0) skipping--;
    else out.push(`</${tag.name}>`);
  });
  parser.on('text', (text) => {
    if (skipping === 0 && !root) out.push(escapeXml(text));
  });
  parser.on('cdata', (text) => {
    if (skipping === 0 && !root) out.push(escapeXml(text));
  });
  try {
    parser.write(source).close();
  } catch (error) {
    failure ??= refuse((error as Error).message.split('\n')[0]!);
  }
  if (failure) throw failure;
  if (root) throw refuse('it has no <svg> element');
  return { svg: out.join(''), removed: [...removed] };
}
