import { describe, expect, it } from 'vitest';
import { checkImage, sanitizeSvg } from '../src/index.js';

describe('sanitizeSvg', () => {
  it('drops scripts, event handlers, foreignObject, styles and every reference outside the document', () => {
    const { svg, removed } = sanitizeSvg(
      `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 24 24" onload="alert(1)">
<script>alert(1)</script><style>path{fill:url(https://evil.example/p)}</style>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
<image href="https://evil.example/i.png"/><use xlink:href="https://evil.example/s.svg#a"/>
<a href="javascript:alert(1)"><text>click</text></a>
<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>
<path d="M0 0h24v24H0z" fill="url(#g)" stroke="url(https://evil.example/s)" onclick="alert(1)"/><use href="#g"/></svg>`,
    );
    expect(svg).not.toMatch(/script|onload|onclick|evil\.example|javascript|foreignObject|<image|<style|<a\b/);
    expect(svg).toContain('<path d="M0 0h24v24H0z" fill="url(#g)"></path>');
    expect(svg).toContain('<use href="#g"></use>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(removed).toEqual(expect.arrayContaining(['<script>', 'onload=', '<foreignObject>', '<image>', 'stroke=']));
  });

  it('refuses what is not a well-formed SVG: another root, a DOCTYPE (entities), broken XML', () => {
    for (const source of [
      '<html><body/></html>',
      '<!DOCTYPE svg [<!ENTITY boom "boom">]><svg>&boom;</svg>',
      '<svg><g></svg>',
      'plain text',
    ]) {
      expect(() => sanitizeSvg(source), source).toThrow(/not a usable SVG/);
    }
  });

  it('refuses an SVG logo larger than the limit', () => {
    expect(() => checkImage('image/svg+xml', Buffer.alloc(300 * 1024, 32))).toThrow(/larger than/);
  });
});
