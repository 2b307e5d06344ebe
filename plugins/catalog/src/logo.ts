// Catalog logos are drawn here, not copied: official artwork cannot be fetched at build time and trademarks drawn
// from memory would be wrong. A tile in the service's brand colour with its monogram is recognisable and honest.

const WHITE = '#ffffff';
const NEAR_BLACK = '#1a1a1a';

/** What a catalog logo is drawn from: the provider's name, brand colour and, where the name misleads, a monogram. */
export interface LogoSource {
  name: string;
  /** Brand colour, `#rrggbb`. */
  color: string;
  /** One or two letters; by default taken from the name. */
  monogram?: string | undefined;
}

/**
 * The letters of a provider's name a tile shows: the words before any parenthesis (`GitHub (personal access
 * token)` is GitHub), then the first letter and the next capital after a lower-case letter (`GitHub` GH,
 * `pCloud` pC), else the first letters of the first two words (`Zendesk Sell` ZS), else the first letter.
 */
export function monogramOf(name: string): string {
  const words = (name.split(' (')[0] ?? name).split(/\s+/).filter((word) => /^[\p{L}\p{N}]/u.test(word));
  const first = words[0] ?? name;
  const inner = /\p{Ll}(\p{Lu})/u.exec(first)?.[1];
  if (inner) return `${first[0]}${inner}`;
  if (words.length > 1) return `${first[0]}${words[1]![0]}`;
  return first[0] ?? '?';
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(color: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(color.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The monogram's colour on a tile: white or near-black, whichever contrasts more with the tile. */
export function inkOn(color: string): string {
  return contrastRatio(WHITE, color) >= contrastRatio(NEAR_BLACK, color) ? WHITE : NEAR_BLACK;
}

/** The contrast a tile's monogram needs: WCAG AA for text. */
export const MIN_CONTRAST = 4.5;

/**
 * The tile's colour: the brand colour, or, for a mid-tone no ink reaches AA on, the brand colour darkened in 2%
 * steps until white does (a shade darker keeps the brand; an unreadable monogram keeps nothing).
 */
export function tileColor(color: string): string {
  let tile = color.toLowerCase();
  for (let darkened = 0.02; contrastRatio(inkOn(tile), tile) < MIN_CONTRAST; darkened += 0.02) {
    tile = `#${[1, 3, 5]
      .map((start) => Math.round(Number.parseInt(color.slice(start, start + 2), 16) * (1 - darkened)))
      .map((channel) => channel.toString(16).padStart(2, '0'))
      .join('')}`;
  }
  return tile;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (char) => ESCAPES[char]!);

/**
 * A catalog provider's logo: a rounded square in its brand colour (`tileColor`) with its monogram in the ink that contrasts more (`inkOn`), as SVG text the hub's
 * sanitiser keeps byte for byte (allowed elements and attributes only, the namespaces it declares itself, a
 * generic font so nothing is fetched).
 */
export function tileLogo(source: LogoSource): string {
  const letters = source.monogram ?? monogramOf(source.name);
  // Two letters need a smaller size to fit; the baseline sits so capitals look centred.
  const [size, baseline] = [...letters].length > 1 ? [18, 30.5] : [24, 32.5];
  const tile = tileColor(source.color);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 48 48" role="img" aria-label="${escapeXml(source.name)}">`,
    `<rect width="48" height="48" rx="10" fill="${tile}"></rect>`,
    `<text x="24" y="${baseline}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="${size}" font-weight="700" fill="${inkOn(tile)}">${escapeXml(letters)}</text>`,
    '</svg>',
  ].join('');
}
