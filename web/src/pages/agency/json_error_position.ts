/**
 * Where a JSON text first goes wrong, as a character offset, or null when it is valid JSON.
 * JSON.parse's message names a position in some engines and not in others, so the editor finds it
 * itself with this small scanner of the JSON grammar (RFC 8259).
 */
export function jsonErrorOffset(text: string): number | null {
  let at = 0;
  const fail = (): never => {
    throw new ScanError(at);
  };
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at += 1;
  };
  const expect = (literal: string) => {
    for (const character of literal) {
      if (text.charAt(at) !== character) fail();
      at += 1;
    }
  };
  const string = () => {
    expect('"');
    while (at < text.length && text.charAt(at) !== '"') {
      const character = text.charAt(at);
      if (character < ' ') fail();
      if (character === '\\') {
        at += 1;
        const escaped = text.charAt(at);
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail();
          at += 4;
        } else if (!'"\\/bfnrt'.includes(escaped) || escaped === '') fail();
      }
      at += 1;
    }
    expect('"');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match || match[0] === '' || match[0] === '-') fail();
    at += match?.[0].length ?? 0;
  };
  const sequence = (close: string, item: () => void) => {
    at += 1;
    skipSpace();
    if (text.charAt(at) === close) {
      at += 1;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text.charAt(at) === close) {
        at += 1;
        return;
      }
      expect(',');
      skipSpace();
    }
  };
  const value = (): void => {
    skipSpace();
    const character = text.charAt(at);
    if (character === '{') {
      sequence('}', () => {
        string();
        skipSpace();
        expect(':');
        value();
      });
    } else if (character === '[') sequence(']', value);
    else if (character === '"') string();
    else if (character === 't') expect('true');
    else if (character === 'f') expect('false');
    else if (character === 'n') expect('null');
    else number();
  };
  try {
    value();
    skipSpace();
    if (at < text.length) fail();
    return null;
  } catch (error) {
    if (error instanceof ScanError) return error.offset;
    throw error;
  }
}

class ScanError extends Error {
  constructor(readonly offset: number) {
    super(`JSON error at ${offset}`);
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
