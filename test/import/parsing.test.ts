/** The shared readers of the importers: text decoding, flat files by header name, JSON with line numbers, Amazon's values. */
import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../../src/import/import-file-error.js';
import { columnKey, readFlatFile } from '../../src/import/flat-file.js';
import { readJsonFile } from '../../src/import/json.js';
import { classify } from '../../src/import/sp-api.js';
import { decodeText } from '../../src/import/text.js';
import { FieldError, parseAmount, parseChannel, parseInstant, parseReportStatus } from '../../src/import/values.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('reads UTF-8, with or without a BOM', () => {
    expect(decodeText('f', utf8('Café ✓'))).toEqual({ text: 'Café ✓', encoding: 'UTF-8' });
    expect(decodeText('f', bytes(0xef, 0xbb, 0xbf, 0x41))).toEqual({ text: 'A', encoding: 'UTF-8' });
  });

  it('reads bytes that are not UTF-8 as Windows-1252, with its own characters at 0x80-0x9F', () => {
    // "Café’s €5 – ™" in Windows-1252: Node 20's TextDecoder would give U+0092, U+0080, U+0096, U+0099.
    const cp1252 = bytes(0x43, 0x61, 0x66, 0xe9, 0x92, 0x73, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x99);
    expect(decodeText('f', cp1252)).toEqual({ text: 'Café’s €5 – ™', encoding: 'Windows-1252' });
    // The five bytes Windows-1252 leaves undefined keep their code point (WHATWG).
    expect(decodeText('f', bytes(0x41, 0x81, 0x8d, 0xe9)).text).toBe('A\u0081\u008dé');
  });

  it('reads UTF-16 with a BOM (a spreadsheet\'s "Unicode text")', () => {
    expect(decodeText('f', bytes(0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00))).toEqual({ text: 'Aé', encoding: 'UTF-16' });
  });

  it('refuses a binary file', () => {
    expect(() => decodeText('snap.db', utf8('SQLite format 3\0'))).toThrow(
      new ImportFileError('snap.db', 'not a text file (it has NUL bytes)'),
    );
  });
});

describe('readFlatFile', () => {
  it('reads columns by name in any order, with CRLF, LF or CR line ends and blank lines', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const f = readFlatFile(
        'r.txt',
        ['sku\tquantity\tamazon-order-id', 'A\t2\t111-1', '', 'B\t1\t111-2', ''].join(eol),
        'tab',
      );
      expect(f.rows.map((r) => [r.line, r.value('amazon-order-id'), r.value('sku'), r.value('quantity')])).toEqual([
        [2, '111-1', 'A', '2'],
        [4, '111-2', 'B', '1'],
      ]);
      expect(f.rows[0]!.value('ship-state')).toBeUndefined();
    }
  });

  it('takes a tab-separated row as Amazon writes it: quotes are text, missing trailing values are empty', () => {
    const f = readFlatFile('r.txt', 'product-name\tsku\tship-state\n"Big" lamp, 2"\tA\n', 'tab');
    expect(f.rows[0]!.value('product-name')).toBe('"Big" lamp, 2"');
    expect(f.rows[0]!.value('ship-state')).toBe('');
    expect(f.rows[0]!.record()).toEqual({ 'product-name': '"Big" lamp, 2"', sku: 'A', 'ship-state': '' });
  });

  it('reports a row with more values than columns as bad, by line', () => {
    const f = readFlatFile('r.txt', 'a\tb\n1\t2\n1\t2\t3\n4\t5\t\n', 'tab');
    expect(f.bad).toEqual([{ file: 'r.txt', line: 3, reason: '3 values for 2 columns' }]);
    expect(f.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('names columns the same whatever the case, spaces or underscores', () => {
    expect(['On_Hand', ' on hand ', 'on-hand'].map(columnKey)).toEqual(['on-hand', 'on-hand', 'on-hand']);
    const f = readFlatFile('i.csv', 'SKU,On_Hand\nA,3\n', 'csv');
    expect(f.rows[0]!.value('on_hand')).toBe('3');
  });

  it('reads CSV quoting: delimiters, doubled quotes and line ends inside quotes, and keeps line numbers', () => {
    const f = readFlatFile(
      'i.csv',
      'sku,description\r\nA,"Lamp, brass ""classic"""\r\nB,"two\r\nlines"\r\nC,plain\r\n',
      'csv',
    );
    expect(f.rows.map((r) => [r.line, r.value('sku'), r.value('description')])).toEqual([
      [2, 'A', 'Lamp, brass "classic"'],
      [3, 'B', 'two\r\nlines'],
      [5, 'C', 'plain'],
    ]);
  });

  it('finds a semicolon or tab delimiter from the header, and reports a quote never closed', () => {
    expect(readFlatFile('i.csv', 'sku;on_hand\nA;3\n', 'csv').rows[0]!.value('on_hand')).toBe('3');
    expect(readFlatFile('i.csv', 'sku\ton_hand\nA\t3\n', 'csv').rows[0]!.value('on_hand')).toBe('3');
    const f = readFlatFile('i.csv', 'sku,description\nA,ok\nB,"never closed\nC,x\n', 'csv');
    expect(f.rows.map((r) => r.value('sku'))).toEqual(['A']);
    expect(f.bad).toEqual([{ file: 'i.csv', line: 3, reason: 'a quoted value is never closed' }]);
  });
});

describe('readJsonFile', () => {
  it('knows the line each object starts on', () => {
    const text =
      '{\n  "payload": {\n    "Orders": [\n      {"AmazonOrderId": "111-1"},\n\n      {\n        "AmazonOrderId": "111-2"}\n    ]\n  }\n}\n';
    const file = readJsonFile('o.json', text);
    const orders = (file.documents[0]!.value as { payload: { Orders: object[] } }).payload.Orders;
    expect(orders.map((o) => file.lineOf.get(o))).toEqual([4, 6]);
  });

  it('reads several documents one after another, or one per line', () => {
    const file = readJsonFile('o.jsonl', '{"a": 1}\n{"b": 2} {"c": 3}\n');
    expect(file.documents).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { b: 2 }, line: 2 },
      { value: { c: 3 }, line: 2 },
    ]);
  });

  it('reads the good lines of a JSON Lines file and reports the bad ones by line', () => {
    const file = readJsonFile('o.jsonl', '{"payload": {"Orders": []}}\n{"payload": {"Ord\n{"errors": []}\n');
    expect(file.documents.map((d) => d.line)).toEqual([1, 3]);
    expect(file.bad).toEqual([
      { file: 'o.jsonl', line: 2, reason: 'not JSON: a string that is never closed (column 14)' },
    ]);
  });

  it('refuses a document that does not parse, saying where', () => {
    expect(() => readJsonFile('o.json', '{\n  "payload": {\n    "Orders": [1,,2]\n  }\n}')).toThrow(
      new ImportFileError('o.json', 'not JSON: unexpected "," where a value should be (line 3, column 18)'),
    );
  });

  it('keeps a key named __proto__ as data', () => {
    const file = readJsonFile('o.json', '{"__proto__": {"polluted": true}, "a": 1}');
    const v = file.documents[0]!.value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});

describe('classify', () => {
  const sorted = (text: string) => {
    const r = classify(readJsonFile('f.json', text));
    return {
      pages: r.orderPages,
      orders: r.orders.map((o) => o.value.AmazonOrderId),
      items: r.orderItems.map((o) => o.value.AmazonOrderId),
      errors: r.errors.map((e) => e.value),
      unknown: r.unknown.map((u) => u.value),
    };
  };
  const order = (id: string) =>
    `{"AmazonOrderId": "${id}", "OrderStatus": "Shipped", "PurchaseDate": "2026-11-20T10:00:00Z"}`;

  it('finds orders in a getOrders response, its payload alone, a bare array and a getOrder response', () => {
    expect(sorted(`{"payload": {"NextToken": "x", "Orders": [${order('1')}, ${order('2')}]}}`)).toMatchObject({
      pages: 1,
      orders: ['1', '2'],
    });
    expect(sorted(`{"Orders": [${order('1')}]}`)).toMatchObject({ pages: 1, orders: ['1'] });
    expect(sorted(`[${order('1')}, ${order('2')}]`)).toMatchObject({ orders: ['1', '2'] });
    expect(sorted(`{"payload": ${order('3')}}`)).toMatchObject({ pages: 1, orders: ['3'] });
    expect(sorted('{"payload": {"Orders": []}}')).toMatchObject({ pages: 1, orders: [] });
  });

  it('tells getOrderItems responses, error responses and anything else apart', () => {
    expect(
      sorted('{"payload": {"AmazonOrderId": "1", "OrderItems": []}}\n[{"AmazonOrderId": "2", "OrderItems": []}]'),
    ).toMatchObject({ pages: 0, items: ['1', '2'] });
    expect(
      sorted(
        '{"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}]}',
      ),
    ).toMatchObject({
      errors: ['QuotaExceeded: You exceeded your quota for the requested resource.'],
    });
    expect(sorted('{"payload": {"Orders": [7]}}\n{"hello": 1}\n"text"')).toMatchObject({
      unknown: ['an entry of Orders that is not an object', 'an object with hello', '"text"'],
    });
  });
});

describe("Amazon's values", () => {
  it('turns every date form Amazon writes into ISO-8601 UTC', () => {
    expect(parseInstant('d', '2017-01-20T19:49:35Z')).toBe('2017-01-20T19:49:35Z');
    expect(parseInstant('d', '2017-01-20T19:49:35.123Z')).toBe('2017-01-20T19:49:35Z');
    expect(parseInstant('d', '2017-06-17T08:04:21+00:00')).toBe('2017-06-17T08:04:21Z');
    expect(parseInstant('d', '2026-11-23T19:40:02-08:00')).toBe('2026-11-24T03:40:02Z');
    expect(parseInstant('d', '2013-01-07 07:35:42 PST')).toBe('2013-01-07T15:35:42Z');
    expect(parseInstant('d', '2025-03-14 10:22:31 PDT')).toBe('2025-03-14T17:22:31Z');
    expect(parseInstant('d', '2025-03-14 10:22:31 CEST')).toBe('2025-03-14T08:22:31Z');
  });

  it('refuses a date without a time zone, or not a date', () => {
    expect(() => parseInstant('purchase-date', '2026-11-23 10:00:00')).toThrow(
      new FieldError('purchase-date "2026-11-23 10:00:00" is not a date and time with its time zone'),
    );
    expect(() => parseInstant('d', '23/11/2026')).toThrow(FieldError);
    expect(() => parseInstant('d', '2026-13-45T10:00:00Z')).toThrow(FieldError);
  });

  it('reads amounts with a decimal point, a decimal comma or thousands separators', () => {
    expect(['25.99', '25,99', '1,234.56', '0', '-5.00'].map((a) => parseAmount('a', a))).toEqual([
      25.99, 25.99, 1234.56, 0, -5,
    ]);
    expect(() => parseAmount('item-price', '$25')).toThrow(new FieldError('item-price "$25" is not an amount'));
  });

  it('maps every way Amazon names the fulfillment channel', () => {
    expect(['MFN', 'SellerFulfilled', 'Merchant', 'DEFAULT'].map((c) => parseChannel('c', c))).toEqual([
      'MFN',
      'MFN',
      'MFN',
      'MFN',
    ]);
    expect(['AFN', 'AmazonFulfilled', 'Amazon', 'AMAZON_NA', 'AMAZON_EU'].map((c) => parseChannel('c', c))).toEqual([
      'AFN',
      'AFN',
      'AFN',
      'AFN',
      'AFN',
    ]);
    expect(() => parseChannel('FulfillmentChannel', 'Drone')).toThrow(FieldError);
  });

  it("maps the All Orders report's order-status to the API's OrderStatus", () => {
    const statuses = [
      'Pending',
      'Pending - Waiting for Pick Up',
      'Shipping',
      'Shipped',
      'Shipped - Delivered to Buyer',
      'Cancelled',
      'Unshipped',
      'PartiallyShipped',
    ];
    expect(statuses.map(parseReportStatus)).toEqual([
      'Pending',
      'Unshipped',
      'Unshipped',
      'Shipped',
      'Shipped',
      'Canceled',
      'Unshipped',
      'PartiallyShipped',
    ]);
    expect(() => parseReportStatus('Lost')).toThrow(
      new FieldError('order-status "Lost" is not an order status of the All Orders report'),
    );
  });
});
