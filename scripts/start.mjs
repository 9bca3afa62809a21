#!/usr/bin/env node
// `npm start`: runs the compiled server (scripts/build_server.mjs), building it first when the
// sources changed since the last build, so `npm start` after an edit runs the edit. Arguments are
// the CLI's (`serve`).
import { pathToFileURL } from 'node:url';
import { builtServer } from './build_server.mjs';

process.setSourceMapsEnabled(true);
await import(pathToFileURL(await builtServer()).href);
