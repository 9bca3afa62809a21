/**
 * How deeply a JSON text nests, found without parsing it: a body nested thousands of levels
 * deep would overflow the stack of anything that walks it recursively (`JSON.stringify`, the
 * database's JSON parser). Pure; one pass, stops as soon as the bound is passed.
 */
export function jsonNestingExceeds(text: string, depthMax: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // backslash: the next character is escaped
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth++;
      if (depth > depthMax) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}
