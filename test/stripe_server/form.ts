/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed nesting,
 * e.g. `metadata[payoutId]=pay_1&capabilities[transfers][requested]=true&expand[0]=x`.
 */

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const forbiddenKeys = new Set(['__proto__', 'prototype', 'constructor']);
export const formPairsMax = 1_000;
export const formDepthMax = 8;

export class FormDecodeError extends Error {
  readonly param: string;
  constructor(message: string, param: string) {
    super(message);
    this.param = param;
  }
}

/** `a[b][c]` → `['a', 'b', 'c']`; `a[]` gives an empty last segment (append). */
function keyPath(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/g;
  pattern.lastIndex = open;
  let consumed = open;
  for (let match = pattern.exec(key); match !== null; match = pattern.exec(key)) {
    if (match.index !== consumed) break;
    path.push(match[1]!);
    consumed = pattern.lastIndex;
  }
  if (consumed !== key.length) throw new FormDecodeError(`Invalid parameter name: ${key}`, key);
  return path;
}

/** Objects whose keys are exactly 0..n-1 were arrays on the client. */
function arraysFromIndexedObjects(value: FormValue): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(arraysFromIndexedObjects);
  const keys = Object.keys(value);
  const converted: FormObject = Object.create(null);
  for (const key of keys) converted[key] = arraysFromIndexedObjects(value[key]!);
  const indexed = keys.length > 0 && keys.every((key, index) => key === String(index));
  return indexed ? keys.map((key) => converted[key]!) : converted;
}

export function decodeForm(body: string): FormObject {
  const root: FormObject = Object.create(null);
  const pairs = new URLSearchParams(body);
  let count = 0;
  for (const [key, value] of pairs) {
    count += 1;
    if (count > formPairsMax) throw new FormDecodeError(`More than ${formPairsMax} parameters`, key);
    const path = keyPath(key);
    if (path.length > formDepthMax) throw new FormDecodeError(`Parameter nested too deeply: ${key}`, key);
    if (path.some((segment) => forbiddenKeys.has(segment))) {
      throw new FormDecodeError(`Invalid parameter name: ${key}`, key);
    }
    let node: FormObject = root;
    for (let depth = 0; depth < path.length - 1; depth++) {
      const segment = path[depth]!;
      const next = path[depth + 1]!;
      const existing = node[segment];
      if (existing === undefined) {
        const child: FormObject = Object.create(null);
        node[segment] = child;
        node = child;
      } else if (typeof existing === 'string' || Array.isArray(existing)) {
        throw new FormDecodeError(`Conflicting values for ${path.slice(0, depth + 1).join('.')}`, key);
      } else {
        node = existing;
      }
      if (next === '') {
        // `a[]=x`: append under the next free index.
        path[depth + 1] = String(Object.keys(node).length);
      }
    }
    const last = path[path.length - 1]!;
    if (node[last] !== undefined) throw new FormDecodeError(`Duplicate parameter: ${key}`, key);
    node[last] = value;
  }
  return arraysFromIndexedObjects(root) as FormObject;
}

/** A canonical string of the parameters, for comparing an idempotent retry with the original. */
export function canonicalForm(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalForm).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalForm(value[key]!)}`).join(',')}}`;
}
