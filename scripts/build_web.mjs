#!/usr/bin/env node
// Builds the web app (web/ → web/dist) and measures the JavaScript a first visit downloads:
// the entry script and every module it preloads, gzipped. Over the budget the build fails.
// Run by `npm install` (the `prepare` script), so a fresh clone serves the app from `npm start`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const firstLoadJavaScriptGzipBytesMax = 200 * 1024;

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const distDir = join(webRoot, 'dist');

/** The scripts index.html loads at once: its module entry and its modulepreload links. */
export function firstLoadScripts(indexHtml) {
  const sources = new Set();
  for (const match of indexHtml.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) sources.add(match[1]);
  for (const match of indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    sources.add(match[1]);
  }
  return [...sources];
}

async function main() {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.log('web app: vite is not installed (a production install); serving web/dist as it is');
    return;
  }
  const startedMs = Date.now();
  await vite.build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  const indexHtml = readFileSync(join(distDir, 'index.html'), 'utf8');
  let gzipBytes = 0;
  for (const source of firstLoadScripts(indexHtml)) {
    gzipBytes += gzipSync(readFileSync(join(distDir, source)), { level: 9 }).length;
  }
  const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `web app built in ${Date.now() - startedMs} ms: first-load JavaScript ${kilobytes(gzipBytes)} gzipped ` +
      `(budget ${kilobytes(firstLoadJavaScriptGzipBytesMax)})`,
  );
  if (gzipBytes > firstLoadJavaScriptGzipBytesMax) {
    console.error('web app: first-load JavaScript is over its budget');
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
