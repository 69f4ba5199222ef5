// The NRQL lexer: the text into tokens, each with its offset (Prometheus's
// promql/parser/lex.go is the model: the lexer only cuts, the parser
// decides what a word means). Keywords are not tokens of their own: a word
// is an `ident`, and the parser compares it, case-insensitively, with the
// keyword it expects. A backquoted `name` is a `quoted` identifier, never a
// keyword.

export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | '(' | ')' | ',' | '*' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token's text: a string's or quoted identifier's value unescaped; an op as written. */
  readonly text: string;
  readonly offset: number;
  /** Characters of the source the token spans. */
  readonly length: number;
}

export interface SourcePosition {
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export function positionOf(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** A query that does not lex or parse: the message starts with line:column. */
export class NrqlSyntaxError extends Error {
  readonly code = 'IW_ERR_NRQL';
  readonly position: SourcePosition;

  constructor(text: string, offset: number, message: string) {
    const position = positionOf(text, offset);
    super(`${position.line}:${position.column}: ${message}`);
    this.name = 'NrqlSyntaxError';
    this.position = position;
  }
}

/** Longest query text taken (a dashboard's query is a line or two). */
export const MAX_QUERY_LENGTH = 16_384;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 46; // '.': entity.guid
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The tokens of `text`, ending with one `eof`. */
export function lex(text: string): Token[] {
  if (text.length > MAX_QUERY_LENGTH) throw new NrqlSyntaxError(text, MAX_QUERY_LENGTH, `query longer than ${MAX_QUERY_LENGTH} characters`);
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      out.push({ kind: 'ident', text: text.slice(start, i), offset: start, length: i - start });
      continue;
    }
    const negativeNumber = c === 45 && i + 1 < n && (isDigit(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 46);
    if (isDigit(c) || negativeNumber || (c === 46 && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
      if (negativeNumber) i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i < n && text.charCodeAt(i) === 46) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      if (i < n && (text.charCodeAt(i) === 101 || text.charCodeAt(i) === 69)) {
        let j = i + 1;
        if (j < n && (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45)) j++;
        if (j < n && isDigit(text.charCodeAt(j))) {
          i = j;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
      }
      if (i < n && isIdentStart(text.charCodeAt(i))) throw new NrqlSyntaxError(text, i, `unexpected character ${JSON.stringify(text[i])} in number ${JSON.stringify(text.slice(start, i + 1))}`);
      out.push({ kind: 'number', text: text.slice(start, i), offset: start, length: i - start });
      continue;
    }
    if (c === 39 || c === 34) {
      // '…' or "…": the quote doubled, or a backslash, escapes it.
      const quote = text[i];
      let value = '';
      i++;
      for (;;) {
        if (i >= n) throw new NrqlSyntaxError(text, start, `unterminated string: expected a closing ${quote}`);
        const ch = text[i];
        if (ch === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (ch === quote) {
          if (text[i + 1] === quote) {
            value += quote;
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          value += ch;
          i++;
        }
      }
      out.push({ kind: 'string', text: value, offset: start, length: i - start });
      continue;
    }
    if (c === 96) {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new NrqlSyntaxError(text, start, 'unterminated quoted name: expected a closing `');
      if (end === i + 1) throw new NrqlSyntaxError(text, start, 'empty quoted name');
      out.push({ kind: 'quoted', text: text.slice(i + 1, end), offset: start, length: end + 1 - start });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      out.push({ kind: 'op', text: two === '<>' ? '!=' : two, offset: start, length: 2 });
      i += 2;
      continue;
    }
    if (c === 61 || c === 60 || c === 62) {
      out.push({ kind: 'op', text: text[i], offset: start, length: 1 });
      i++;
      continue;
    }
    if (c === 40 || c === 41 || c === 44 || c === 42) {
      out.push({ kind: text[i] as '(' | ')' | ',' | '*', text: text[i], offset: start, length: 1 });
      i++;
      continue;
    }
    throw new NrqlSyntaxError(text, i, `unexpected character ${JSON.stringify(text[i])}`);
  }
  out.push({ kind: 'eof', text: '', offset: n, length: 0 });
  return out;
}
