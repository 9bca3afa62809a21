#!/usr/bin/env node
// The package's command: runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/app/main.ts');
