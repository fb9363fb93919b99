/**
 * Reading saved Selling Partner API responses: one JSON document, several
 * one after another, or one per line (JSON Lines). Each object remembers the
 * line it starts on, so a bad record is reported by file and line.
 */
import { ImportFileError } from './import-file-error.js';
import type { BadRow } from './import-types.js';

export interface JsonDocument {
  value: unknown;
  line: number;
}

export interface JsonFile {
  documents: JsonDocument[];
  /** The line each object or array starts on. */
  lineOf: WeakMap<object, number>;
  /** Lines of a JSON Lines file that are not JSON. */
  bad: BadRow[];
}

class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** A small JSON parser that records where each object and array starts (JSON.parse cannot). */
class Parser {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly lineOf: WeakMap<object, number>,
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  /** Every top-level value, separated by whitespace. */
  documents(): JsonDocument[] {
    const docs: JsonDocument[] = [];
    this.space();
    while (this.i < this.text.length) {
      const line = this.line;
      docs.push({ value: this.value(), line });
      this.space();
    }
    return docs;
  }

  /** `what` says where the parser was: "unexpected "x" where a value should be (line 3, column 7)". */
  private fail(what: string, near = true): never {
    const found =
      this.i >= this.text.length
        ? 'unexpected end of file '
        : near
          ? `unexpected ${JSON.stringify(this.text[this.i])} `
          : '';
    throw new JsonSyntaxError(this.line, `${found}${what} (line ${this.line}, column ${this.i - this.lineStart + 1})`);
  }

  private space(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 0x0a) {
        this.line++;
        this.lineStart = this.i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0xfeff) {
        break;
      }
      this.i++;
    }
  }

  private value(): unknown {
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      this.text.slice(this.i, this.i + 64),
    );
    if (!literal) this.fail('where a value should be');
    this.i += literal[0].length;
    return JSON.parse(literal[0]);
  }

  private object(): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.lineOf.set(obj, this.line);
    this.i++;
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return obj;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail('where a quoted key should be');
      const key = this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail('where ":" should be');
      this.i++;
      this.space();
      // defineProperty: a key named __proto__ stays data, never the object's prototype.
      Object.defineProperty(obj, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.space();
      const c = this.text[this.i];
      this.i++;
      if (c === '}') return obj;
      if (c !== ',') {
        this.i--;
        this.fail('where "," or "}" should be');
      }
    }
  }

  private array(): unknown[] {
    const arr: unknown[] = [];
    this.lineOf.set(arr, this.line);
    this.i++;
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return arr;
    }
    for (;;) {
      this.space();
      arr.push(this.value());
      this.space();
      const c = this.text[this.i];
      this.i++;
      if (c === ']') return arr;
      if (c !== ',') {
        this.i--;
        this.fail('where "," or "]" should be');
      }
    }
  }

  private string(): string {
    const t = this.text;
    let j = this.i + 1;
    for (;;) {
      const c = t.charCodeAt(j);
      if (Number.isNaN(c) || c === 0x0a) this.fail('a string that is never closed', false);
      if (c === 0x22) break;
      j += c === 0x5c ? 2 : 1;
    }
    const raw = t.slice(this.i, j + 1);
    let s: string;
    try {
      s = JSON.parse(raw) as string;
    } catch {
      return this.fail('a string with a bad escape or a control character', false);
    }
    this.i = j + 1;
    return s;
  }
}

/** Whether a value looks like a Selling Partner API response or payload (for telling JSON Lines from broken JSON). */
function looksLikeResponse(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return 'payload' in o || 'errors' in o || 'Orders' in o || 'AmazonOrderId' in o || 'OrderItems' in o;
}

/**
 * The file's JSON documents. A file that does not parse as a whole but whose
 * lines are responses is JSON Lines: its bad lines are reported and the rest
 * read; anything else that does not parse is refused.
 */
export function readJsonFile(file: string, text: string): JsonFile {
  const lineOf = new WeakMap<object, number>();
  try {
    return { documents: new Parser(text, lineOf).documents(), lineOf, bad: [] };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const lines = text.split('\n');
    const documents: JsonDocument[] = [];
    const bad: BadRow[] = [];
    lines.forEach((lineText, i) => {
      if (lineText.trim() === '') return;
      try {
        documents.push(...new Parser(lineText, lineOf, i + 1).documents());
      } catch (lineErr) {
        if (!(lineErr instanceof JsonSyntaxError)) throw lineErr;
        bad.push({ file, line: i + 1, reason: `not JSON: ${lineErr.message.replace(/ \(line \d+, /, ' (')}` });
      }
    });
    if (lines.length < 2 || !documents.some((d) => looksLikeResponse(d.value))) {
      throw new ImportFileError(file, `not JSON: ${err.message}`);
    }
    return { documents, lineOf, bad };
  }
}
