// Test-only: Debian's chromium driven by playwright-core (the system executable; nothing is downloaded).
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where the system browser lives (`CHROMIUM_PATH` overrides). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches headless chromium. */
export function openBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

const DOCS_IMAGES = join(dirname(fileURLToPath(import.meta.url)), '../../../../docs/images');

/**
 * Saves a screenshot to `dir` (a temp folder); with `UPDATE_SCREENSHOTS=1` also to docs/images, so the
 * committed pictures change only when asked.
 */
export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const target = join(dir, `${name}.png`);
  await page.screenshot({ path: target, fullPage: false });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS_IMAGES, { recursive: true });
    await page.screenshot({ path: join(DOCS_IMAGES, `${name}.png`), fullPage: false });
  }
  return target;
}
