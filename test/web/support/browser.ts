import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it when it is missing. */
export const chromiumPath = process.env.EMDASH_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(chromiumPath);
/** Skipped on a machine without Chromium, never in CI (which installs it). */
export const browserTestsSkipped = !chromiumAvailable && process.env.CI !== 'true';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile folder, removed on close. */
/** A desktop Chrome's user agent: the redirect does not count clicks from agents that say "Headless". */
export const desktopUserAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'emdash-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    userAgent: desktopUserAgent,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe's serious and critical findings on the page as it is now (WCAG 2 A and AA rules). */
export async function seriousAccessibilityFindings(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

const screenshotDir = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

/**
 * Renders the whole page to a PNG; with `EMDASH_SCREENSHOTS=1` it is saved as
 * docs/screenshots/<name>.png (the README shows them), otherwise only checked to render.
 */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  const save = process.env.EMDASH_SCREENSHOTS === '1';
  if (save) mkdirSync(screenshotDir, { recursive: true });
  return page.screenshot({ fullPage: true, ...(save ? { path: join(screenshotDir, `${name}.png`) } : {}) });
}
