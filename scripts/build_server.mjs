#!/usr/bin/env node
// Compiles the server (src/app/main.ts and what it imports) into one ES module with esbuild, so
// `npm start` runs plain JavaScript instead of transforming every TypeScript file at start. Node
// packages stay external. `import.meta.url` keeps naming each source file, so files read beside
// the sources (migrations, web/dist, package data) are found as from src/.
// The output lives in dist/server/<fingerprint>/, the fingerprint covering every source file and
// the installed packages: `npm start` after an edit builds a new one (well under a second) and a
// server still running from an older one keeps its files. `npm install` (the `prepare` script)
// builds it, and also writes dist/pglite-template.tar.gz, the migrated empty database a fresh data
// folder starts from.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverDist = join(root, 'dist', 'server');
/** Older builds kept for servers still running from them; older than these are removed. */
const buildsKept = 4;

function sourceFiles(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, found);
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** Names the sources as they are now: every file's path, size and modification time, and the lockfile. */
export function sourceFingerprint() {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(join(root, 'src')).sort(), join(root, 'package-lock.json')]) {
    if (!existsSync(file)) continue;
    const stat = statSync(file);
    hash.update(`${relative(root, file)}\n${stat.size}\n${stat.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The compiled entry for the sources as they are now, built unless it exists. */
export async function builtServer() {
  const fingerprint = sourceFingerprint();
  const outDir = join(serverDist, fingerprint);
  const entry = join(outDir, 'main.js');
  if (existsSync(entry)) return entry;
  const esbuild = await import('esbuild');
  const building = `${outDir}.${process.pid}.partial`;
  const sourceUrlOf = {
    name: 'source-file-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const source = await readFile(args.path, 'utf8');
        const fromOutput = relative(outDir, args.path).split('\\').join('/');
        return {
          contents: source.replaceAll(
            'import.meta.url',
            `new URL(${JSON.stringify(fromOutput)}, import.meta.url).href`,
          ),
          loader: 'ts',
        };
      });
    },
  };
  await esbuild.build({
    entryPoints: {
      main: join(root, 'src', 'app', 'main.ts'),
      write_pglite_template: join(root, 'src', 'platform', 'db', 'write_pglite_template.ts'),
    },
    outdir: building,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [sourceUrlOf],
  });
  try {
    renameSync(building, outDir);
  } catch (error) {
    // Another process built the same sources at the same moment: use its build.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(entry)) throw error;
  }
  removeOldBuilds(fingerprint);
  return entry;
}

function removeOldBuilds(current) {
  const builds = readdirSync(serverDist, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== current && !entry.name.includes('.'))
    .map((entry) => ({
      path: join(serverDist, entry.name),
      mtimeMs: statSync(join(serverDist, entry.name)).mtimeMs,
    }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of builds.slice(buildsKept - 1)) rmSync(old.path, { recursive: true, force: true });
}

async function main() {
  const startedMs = Date.now();
  const entry = await builtServer();
  console.log(`server built in ${Date.now() - startedMs} ms: ${relative(root, entry)}`);
  const templateStartedMs = Date.now();
  const { writePgliteTemplate } = await import(
    pathToFileURL(join(dirname(entry), 'write_pglite_template.js')).href
  );
  const template = await writePgliteTemplate();
  console.log(
    `embedded database template (${template.migrations} migrations) written in ${Date.now() - templateStartedMs} ms: ${relative(root, template.file)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
