import { create, type Delta } from 'jsondiffpatch';

/**
 * The difference between two configuration versions: jsondiffpatch's delta (for tools that apply
 * or render it) and the same turned into a list a person reads. Array items are matched by their
 * `id` (rules) or `email` (members), otherwise by value, so editing one rule shows as a change of
 * that rule, not of every rule after it. Moves are not detected: an item whose place changed shows
 * as removed where it was and added where it is. A removed item's path names its place in the
 * `from` version; every other path its place in the `to` version.
 */
export type ConfigurationChange =
  | { path: string; op: 'added'; after: unknown }
  | { path: string; op: 'removed'; before: unknown }
  | { path: string; op: 'changed'; before: unknown; after: unknown };

export interface ConfigurationDiff {
  changes: ConfigurationChange[];
  /** jsondiffpatch's delta from `from` to `to`; null when they are equal. */
  delta: Delta | null;
}

const differ = create({
  objectHash: (item: object, index?: number) => {
    const keyed = item as { id?: unknown; email?: unknown };
    if (typeof keyed.id === 'string') return `id:${keyed.id}`;
    if (typeof keyed.email === 'string') return `email:${keyed.email}`;
    return `index:${index ?? 0}`;
  },
  arrays: { detectMove: false },
});

export function diffConfigurations(from: unknown, to: unknown): ConfigurationDiff {
  const delta = differ.diff(from, to) ?? null;
  const changes: ConfigurationChange[] = [];
  if (delta !== null) collectChanges(delta, '', changes);
  return { changes, delta };
}

function joinPath(parent: string, key: string, inArray: boolean): string {
  if (inArray) return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function collectChanges(delta: unknown, path: string, changes: ConfigurationChange[]): void {
  if (Array.isArray(delta)) {
    changes.push(leafChange(delta, path));
    return;
  }
  if (delta === null || typeof delta !== 'object') return;
  const entries = Object.entries(delta as Record<string, unknown>);
  const inArray = (delta as { _t?: unknown })._t === 'a';
  // Removals first (by their old place), then additions and changes (by their new place).
  const keys = entries.map(([key]) => key).filter((key) => key !== '_t');
  const removed = keys.filter((key) => inArray && key.startsWith('_'));
  const kept = keys.filter((key) => !(inArray && key.startsWith('_')));
  const byNumber = (a: string, b: string) => Number(a.replace('_', '')) - Number(b.replace('_', ''));
  for (const key of inArray ? removed.sort(byNumber) : []) {
    collectChanges((delta as Record<string, unknown>)[key], joinPath(path, key.slice(1), true), changes);
  }
  for (const key of inArray ? kept.sort(byNumber) : kept.sort()) {
    collectChanges((delta as Record<string, unknown>)[key], joinPath(path, key, inArray), changes);
  }
}

/** A leaf of the delta: `[new]` added, `[old, new]` changed, `[old, 0, 0]` removed. */
function leafChange(leaf: unknown[], path: string): ConfigurationChange {
  const where = path === '' ? '$' : path;
  if (leaf.length === 1) return { path: where, op: 'added', after: leaf[0] };
  if (leaf.length === 2) return { path: where, op: 'changed', before: leaf[0], after: leaf[1] };
  if (leaf.length === 3 && leaf[1] === 0 && leaf[2] === 0)
    return { path: where, op: 'removed', before: leaf[0] };
  // Text diffs (`[…, 0, 2]`) and moves (`[…, …, 3]`) are not enabled above.
  throw new Error(`unexpected jsondiffpatch delta at ${where}: ${JSON.stringify(leaf)}`);
}
