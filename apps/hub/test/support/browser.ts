import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Where a system Chromium usually lives (Debian's `chromium` package, and other distributions' names). */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Where the browser tests leave a screenshot of every page they visit, for a person to look at. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * The Chromium to drive: the binary `PLUGBOARD_CHROMIUM` names, else a system Chromium, else the one the
 * `@sparticuz/chromium` dev dependency carries inside its npm package, so `pnpm install` alone is enough.
 */
export async function chromiumExecutable(): Promise<string> {
  const named = process.env.PLUGBOARD_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`PLUGBOARD_CHROMIUM names ${named}, which does not exist.`);
    return named;
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return system;
  // Unpacks the packaged browser into the temp folder on first use.
  return (await import('@sparticuz/chromium')).default.executablePath();
}

/** Headless Chromium, with the flags a closed network needs (no background connections to Google's hosts). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core inside the page and fails on any serious or critical violation. The script goes in through
 * the DevTools protocol, which the page's Content-Security-Policy does not govern, so the page is checked
 * exactly as users get it.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
    );
  expect(serious, `axe-core on ${page.url()}`).toEqual([]);
}

/** Writes a full-page screenshot to `test-results/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Checks a page for accessibility and leaves its screenshot: every hub page the tests visit goes through this. */
export async function inspect(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page);
}
