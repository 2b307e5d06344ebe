// WCAG relative luminance of an sRGB `#rrggbb`.
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * CSS that makes a workspace's `#rrggbb` the pages' accent in both schemes, with the button text black or white,
 * whichever contrasts more (one of them always reaches 4.5:1). The colour was validated as `#rrggbb`.
 */
export function accentCss(color: string): string {
  const value = luminance(color);
  const onAccent = contrast(value, 1) >= contrast(value, 0) ? '#fff' : '#000';
  return `:root{--accent:${color};--on-accent:${onAccent}}@media (prefers-color-scheme:dark){:root{--accent:${color};--on-accent:${onAccent}}}`;
}
