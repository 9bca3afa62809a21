import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DuePayout,
  exportPayoutsCsv,
  formatCentsAsDecimal,
  parsePayoutImportCsv,
  payoutImportRowsMax,
} from '../../src/payouts/rails/csv_provider.js';
import { escapeCsvCell, formatCsv, parseCsv } from '../../src/payouts/rules/csv_format.js';

const payout = (overrides: Partial<DuePayout> = {}): DuePayout => ({
  payoutId: 'pay_1',
  affiliateId: 'aff_1',
  email: 'dev@example.com',
  name: 'Ada Lovelace',
  amountCents: 123_405,
  currency: 'usd',
  createdAt: new Date('2026-02-01T00:00:00Z'),
  ...overrides,
});

describe('CSV export of due payouts', () => {
  it('writes a header and one row per payout with dollars and cents', () => {
    const text = exportPayoutsCsv([payout(), payout({ payoutId: 'pay_2', amountCents: 5_000 })]);
    expect(text.split('\r\n')).toEqual([
      'payout_id,affiliate_id,email,name,amount,amount_cents,currency,created',
      'pay_1,aff_1,dev@example.com,Ada Lovelace,1234.05,123405,USD,2026-02-01T00:00:00.000Z',
      'pay_2,aff_1,dev@example.com,Ada Lovelace,50.00,5000,USD,2026-02-01T00:00:00.000Z',
      '',
    ]);
  });

  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [5_000, '50.00'],
    [900_719_925_474_099, '9007199254740.99'],
    [-250, '-2.50'],
  ])('formats %i cents as %s', (cents, text) => {
    expect(formatCentsAsDecimal(cents)).toBe(text);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const text = exportPayoutsCsv([
      payout({ name: '=HYPERLINK("http://evil.test","x")', email: '+1@example.com' }),
      payout({ payoutId: 'pay_2', name: '-2+3', email: '@SUM(A1)' }),
    ]);
    const [, first, second] = parseCsv(text, 10);
    expect(first!.cells[3]).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(first!.cells[2]).toBe(`'+1@example.com`);
    expect(second!.cells[3]).toBe(`'-2+3`);
    expect(second!.cells[2]).toBe(`'@SUM(A1)`);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(escapeCsvCell('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(escapeCsvCell('Ada "the first"')).toBe('"Ada ""the first"""');
    expect(escapeCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(escapeCsvCell('plain')).toBe('plain');
  });

  it('refuses a payout without a positive amount', () => {
    expect(() => exportPayoutsCsv([payout({ amountCents: 0 })])).toThrow(/non-positive/);
  });

  it('reads CR, LF and CRLF line ends and gives each record the line it starts on', () => {
    const text = 'a,b\r"one\r\ntwo",x\n\n"",y\r\nlast,z';
    expect(parseCsv(text, 10)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['one\r\ntwo', 'x'] },
      { line: 5, cells: ['', 'y'] },
      { line: 6, cells: ['last', 'z'] },
    ]);
  });

  it('reads back every cell it writes, defused', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', 'é'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const parsed = parseCsv(formatCsv(rows), 100).map((record) => record.cells);
          const defused = rows.map((row) =>
            row.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)),
          );
          expect(parsed).toEqual(defused);
        },
      ),
    );
  });
});

describe('CSV import of paid and failed payouts', () => {
  it('reads good rows in any column order, case and line ending, with a BOM', () => {
    const text =
      '\uFEFFStatus,Payout_ID,Reference,comment\r\npaid,pay_1,"WIRE 2026-02, #17",ok\r\n\r\nFAILED,pay_2,,bank rejected\n';
    expect(parsePayoutImportCsv(text)).toEqual({
      rows: [
        { line: 2, payoutId: 'pay_1', status: 'paid', reference: 'WIRE 2026-02, #17' },
        { line: 4, payoutId: 'pay_2', status: 'failed', reference: '' },
      ],
      errors: [],
    });
  });

  it('reports each bad row with its line and field and keeps the good ones', () => {
    const text = [
      'payout_id,status,reference',
      'pay_ok,paid,REF1',
      ',paid,REF2',
      'pay_x,refunded,REF3',
      'pay_y,paid,',
      'pay_ok,failed,dup',
      `pay_z,failed,${'r'.repeat(501)}`,
      'pay w,paid,REF4',
    ].join('\n');
    const result = parsePayoutImportCsv(text);
    expect(result.rows.map((row) => row.payoutId)).toEqual(['pay_ok']);
    expect(result.errors.map((error) => [error.line, error.field])).toEqual([
      [3, 'payout_id'],
      [4, 'status'],
      [5, 'reference'],
      [6, 'payout_id'],
      [7, 'reference'],
      [8, 'payout_id'],
    ]);
    expect(result.errors[3]!.message).toMatch(/already appears on line 2/);
  });

  it('counts lines inside quoted line breaks', () => {
    const text = 'payout_id,status,reference\npay_1,paid,"line one\nline two"\npay_2,bogus,x\n';
    const result = parsePayoutImportCsv(text);
    expect(result.rows[0]!.reference).toBe('line one\nline two');
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, payoutId: 'pay_2', field: 'status' })]);
  });

  it('rejects the whole file when a column is missing, it is empty, or a quote never closes', () => {
    expect(parsePayoutImportCsv('payout_id,status\npay_1,paid\n').errors[0]!.message).toMatch(
      /missing column.*reference/,
    );
    expect(parsePayoutImportCsv('').errors[0]!.message).toMatch(/empty/);
    const unclosed = parsePayoutImportCsv('payout_id,status,reference\npay_1,paid,"REF\n');
    expect(unclosed.rows).toEqual([]);
    expect(unclosed.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/never closed/) });
    expect(parsePayoutImportCsv('payout_id,status,reference\npay_1,pa"id,x\n').errors[0]!.message).toMatch(
      /quote/,
    );
  });

  it('refuses a file with more rows than the bound', () => {
    const rows = Array.from({ length: payoutImportRowsMax + 1 }, (_, index) => `pay_${index},paid,R${index}`);
    const result = parsePayoutImportCsv(['payout_id,status,reference', ...rows].join('\n'));
    expect(result.rows).toEqual([]);
    expect(result.errors[0]!.message).toMatch(/more than/);
  });
});
