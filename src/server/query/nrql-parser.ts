// The NRQL subset's recursive-descent parser: tokens (nrql-lexer.ts) into
// the tree of nrql-ast.ts. Every error names the line:column and what was
// expected, as Prometheus's parser does ("1:8: unexpected "FROM", expected
// an aggregate or an attribute"). After the tree is built, each attribute
// is resolved against the FROM event type's allow-list (attributes.ts) and
// checked against its use (a number for sum/average/percentile), so that a
// query naming an unknown attribute fails here, with its position, and
// never reaches a store.
//
//   query      := SELECT item (',' item)* FROM eventType clause* EOF
//   item       := '*' | func '(' args ')' | attribute
//   clause     := WHERE cond | FACET attribute (',' attribute)* | SINCE time
//               | UNTIL time | TIMESERIES [number unit | AUTO] | LIMIT (number | MAX)
//   cond       := and (OR and)*
//   and        := not (AND not)*
//   not        := NOT not | '(' cond ')' | attribute predicate
//   predicate  := op literal | [NOT] LIKE string | [NOT] IN '(' literal (',' literal)* ')'
//               | IS [NOT] NULL
//   time       := number unit AGO | number (epoch ms) | 'YYYY-MM-DD HH:MM:SS' (UTC) | NOW
// Each clause at most once, in any order (NRQL's own rule).

import { attributeSpec, canonicalAttribute } from './attributes.js';
import {
  type AttributeRef,
  type CompareOp,
  type Condition,
  EVENT_TYPES,
  type EventType,
  type Literal,
  type Query,
  type SelectItem,
  TIME_UNITS,
  type TimePoint,
  type TimeUnit,
  type Timeseries,
} from './nrql-ast.js';
import { lex, NrqlSyntaxError, type Token } from './nrql-lexer.js';

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'FACET', 'SINCE', 'UNTIL', 'TIMESERIES', 'LIMIT', 'AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS', 'NULL', 'AGO', 'AUTO', 'MAX', 'NOW']);
const CLAUSES = ['WHERE', 'FACET', 'SINCE', 'UNTIL', 'TIMESERIES', 'LIMIT'] as const;
const FUNCTIONS: Readonly<Record<string, SelectItem['kind']>> = {
  count: 'count',
  sum: 'sum',
  average: 'average',
  avg: 'average',
  min: 'min',
  max: 'max',
  latest: 'latest',
  uniquecount: 'uniqueCount',
  percentile: 'percentile',
  median: 'median',
};
/** Singular and plural unit words. */
const UNITS: Readonly<Record<string, TimeUnit>> = Object.fromEntries(TIME_UNITS.flatMap((u) => [[u, u] as const, [u.slice(0, -1), u] as const]));
/** The largest LIMIT, and what MAX means. */
export const MAX_LIMIT = 5000;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of query';
    case 'string':
      return `string ${JSON.stringify(t.text)}`;
    case 'number':
      return `number ${t.text}`;
    case 'quoted':
      return `\`${t.text}\``;
    default:
      return JSON.stringify(t.text);
  }
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  fail(t: Token, expected: string): never {
    throw new NrqlSyntaxError(this.text, t.offset, `unexpected ${describe(t)}, expected ${expected}`);
  }

  private isKeyword(t: Token, keyword: string): boolean {
    return t.kind === 'ident' && t.text.toUpperCase() === keyword;
  }

  private accept(keyword: string): boolean {
    if (!this.isKeyword(this.peek(), keyword)) return false;
    this.pos++;
    return true;
  }

  private expectKeyword(keyword: string, expected = keyword): Token {
    const t = this.peek();
    if (!this.isKeyword(t, keyword)) this.fail(t, expected);
    return this.next();
  }

  private expect(kind: Token['kind'], expected: string): Token {
    const t = this.peek();
    if (t.kind !== kind) this.fail(t, expected);
    return this.next();
  }

  query(): Query {
    this.expectKeyword('SELECT');
    const select: SelectItem[] = [this.selectItem()];
    while (this.peek().kind === ',') {
      this.next();
      select.push(this.selectItem());
    }
    this.expectKeyword('FROM', '"," or FROM');
    const from = this.eventType();
    const seen = new Set<string>();
    let where: Condition | undefined;
    let facet: AttributeRef[] = [];
    let since: TimePoint | undefined;
    let until: TimePoint | undefined;
    let timeseries: Timeseries | undefined;
    let limit: number | 'max' | undefined;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') break;
      const clause = t.kind === 'ident' ? CLAUSES.find((c) => c === t.text.toUpperCase()) : undefined;
      if (clause === undefined) this.fail(t, `a clause (${CLAUSES.join(', ')}) or end of query`);
      if (seen.has(clause)) throw new NrqlSyntaxError(this.text, t.offset, `${clause} given twice`);
      seen.add(clause);
      this.next();
      switch (clause) {
        case 'WHERE':
          where = this.condition();
          break;
        case 'FACET':
          facet = [this.attribute('an attribute to facet by')];
          while (this.peek().kind === ',') {
            this.next();
            facet.push(this.attribute('an attribute to facet by'));
          }
          break;
        case 'SINCE':
          since = this.timePoint();
          break;
        case 'UNTIL':
          until = this.timePoint();
          break;
        case 'TIMESERIES':
          timeseries = this.timeseries();
          break;
        case 'LIMIT':
          limit = this.limit();
          break;
      }
    }
    return { select, from, where, facet, since, until, timeseries, limit };
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    if (t.kind === '*') {
      this.next();
      return { kind: 'star' };
    }
    if (t.kind === 'ident' && this.peek(1).kind === '(') {
      const kind = FUNCTIONS[t.text.toLowerCase()];
      if (kind === undefined)
        throw new NrqlSyntaxError(this.text, t.offset, `unknown function ${JSON.stringify(t.text)}, expected one of count, sum, average, min, max, latest, uniqueCount, percentile, median`);
      this.next();
      this.next();
      const item = this.functionArgs(t, kind);
      this.expect(')', `")" to close ${t.text}(`);
      return item;
    }
    return { kind: 'attribute', attribute: this.attribute('an aggregate function or an attribute') };
  }

  private functionArgs(fn: Token, kind: SelectItem['kind']): SelectItem {
    switch (kind) {
      case 'count':
        if (this.peek().kind === '*') {
          this.next();
          return { kind: 'count', attribute: undefined };
        }
        return { kind: 'count', attribute: this.attribute('"*" or an attribute') };
      case 'percentile': {
        const attribute = this.attribute('an attribute');
        this.expect(',', `"," and a percentile (percentile(${attribute.name}, 95))`);
        const percentiles = [this.percentileNumber()];
        while (this.peek().kind === ',') {
          this.next();
          percentiles.push(this.percentileNumber());
        }
        return { kind: 'percentile', attribute, percentiles };
      }
      case 'median':
        return { kind: 'median', attribute: this.attribute('an attribute') };
      case 'sum':
      case 'average':
      case 'min':
      case 'max':
      case 'latest':
      case 'uniqueCount':
        return { kind, attribute: this.attribute(`an attribute (${fn.text}(attribute))`) };
      default:
        return this.fail(fn, 'an aggregate function');
    }
  }

  private percentileNumber(): number {
    const t = this.expect('number', 'a percentile from 0 to 100');
    const p = Number(t.text);
    if (!(p >= 0 && p <= 100)) throw new NrqlSyntaxError(this.text, t.offset, `percentile ${t.text} out of range, expected a number from 0 to 100`);
    return p;
  }

  private attribute(expected: string): AttributeRef {
    const t = this.peek();
    if (t.kind === 'quoted' || (t.kind === 'ident' && !KEYWORDS.has(t.text.toUpperCase()))) {
      this.next();
      return { name: t.text, offset: t.offset };
    }
    return this.fail(t, expected);
  }

  private eventType(): EventType {
    const t = this.peek();
    const name = t.kind === 'ident' || t.kind === 'quoted' ? EVENT_TYPES.find((e) => e === t.text) : undefined;
    if (name === undefined) this.fail(t, `an event type (${EVENT_TYPES.join(', ')})`);
    this.next();
    return name;
  }

  private condition(): Condition {
    let left = this.conjunction();
    while (this.accept('OR')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.accept('AND')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }

  private negation(): Condition {
    if (this.accept('NOT')) return { kind: 'not', operand: this.negation() };
    if (this.peek().kind === '(') {
      this.next();
      const inner = this.condition();
      this.expect(')', '")", AND or OR');
      return inner;
    }
    const attribute = this.attribute('an attribute, NOT or "("');
    return this.predicate(attribute);
  }

  private predicate(attribute: AttributeRef): Condition {
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { kind: 'compare', attribute, op: t.text as CompareOp, value: this.literal() };
    }
    if (this.accept('IS')) {
      const negated = this.accept('NOT');
      this.expectKeyword('NULL', negated ? 'NULL' : 'NOT or NULL');
      return { kind: 'isNull', attribute, negated };
    }
    const negated = this.accept('NOT');
    if (this.accept('LIKE')) {
      const p = this.expect('string', "a quoted pattern ('%text%')");
      return { kind: 'like', attribute, pattern: p.text, negated };
    }
    if (this.accept('IN')) {
      this.expect('(', '"(" and a list of values');
      const values = [this.literal()];
      while (this.peek().kind === ',') {
        this.next();
        values.push(this.literal());
      }
      this.expect(')', '"," or ")"');
      return { kind: 'in', attribute, values, negated };
    }
    return this.fail(this.peek(), negated ? 'LIKE or IN' : 'a comparison (=, !=, <, <=, >, >=), LIKE, NOT LIKE, IN, NOT IN or IS [NOT] NULL');
  }

  private literal(): Literal {
    const t = this.peek();
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.text };
    }
    if (t.kind === 'number') {
      this.next();
      return { kind: 'number', value: Number(t.text) };
    }
    if (this.isKeyword(t, 'TRUE') || this.isKeyword(t, 'FALSE')) {
      this.next();
      return { kind: 'boolean', value: t.text.toUpperCase() === 'TRUE' };
    }
    return this.fail(t, 'a value (a quoted string, a number, true or false)');
  }

  private unit(): TimeUnit {
    const t = this.peek();
    const unit = t.kind === 'ident' ? UNITS[t.text.toLowerCase()] : undefined;
    if (unit === undefined) this.fail(t, `a unit (${TIME_UNITS.join(', ')})`);
    this.next();
    return unit;
  }

  private timePoint(): TimePoint {
    const t = this.peek();
    if (this.accept('NOW')) return { kind: 'now' };
    if (t.kind === 'string') {
      this.next();
      const m = DATETIME.exec(t.text);
      const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) : Number.NaN;
      const check = new Date(ms);
      if (
        !m ||
        Number.isNaN(ms) ||
        check.getUTCMonth() !== Number(m[2]) - 1 ||
        check.getUTCDate() !== Number(m[3]) ||
        check.getUTCHours() !== Number(m[4] ?? 0) ||
        check.getUTCMinutes() !== Number(m[5] ?? 0)
      ) {
        throw new NrqlSyntaxError(this.text, t.offset, `bad time ${JSON.stringify(t.text)}, expected 'YYYY-MM-DD HH:MM:SS' (UTC)`);
      }
      return { kind: 'absolute', ms, text: t.text };
    }
    if (t.kind === 'number') {
      this.next();
      const amount = Number(t.text);
      const u = this.peek();
      if (u.kind === 'ident' && !(CLAUSES as readonly string[]).includes(u.text.toUpperCase())) {
        const unit = this.unit();
        this.expectKeyword('AGO', `AGO (${t.text} ${unit} ago)`);
        if (!(amount > 0)) throw new NrqlSyntaxError(this.text, t.offset, `${t.text} ${unit} ago: expected a positive amount`);
        return { kind: 'ago', amount, unit };
      }
      if (!Number.isSafeInteger(amount) || amount < 0) throw new NrqlSyntaxError(this.text, t.offset, `time ${t.text}: expected epoch milliseconds, or a unit and AGO`);
      return { kind: 'absolute', ms: amount };
    }
    return this.fail(t, "a time (N minutes|hours|days ago, epoch milliseconds, 'YYYY-MM-DD HH:MM:SS' or NOW)");
  }

  private timeseries(): Timeseries {
    if (this.accept('AUTO')) return { kind: 'auto' };
    const t = this.peek();
    if (t.kind !== 'number') return { kind: 'auto' };
    this.next();
    const amount = Number(t.text);
    if (!Number.isInteger(amount) || amount <= 0) throw new NrqlSyntaxError(this.text, t.offset, `TIMESERIES ${t.text}: expected a whole number of a unit`);
    return { kind: 'fixed', amount, unit: this.unit() };
  }

  private limit(): number | 'max' {
    if (this.accept('MAX')) return 'max';
    const t = this.expect('number', 'a number or MAX');
    const n = Number(t.text);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new NrqlSyntaxError(this.text, t.offset, `LIMIT ${t.text}: expected a whole number from 1 to ${MAX_LIMIT}, or MAX`);
    return n;
  }
}

const NUMERIC_FUNCTIONS = new Set(['sum', 'average', 'min', 'max', 'percentile', 'median']);

/** Resolves every attribute against `from`'s allow-list, and checks how each is used. */
function resolve(text: string, q: Query): Query {
  const ref = (a: AttributeRef, use?: string): AttributeRef => {
    const name = canonicalAttribute(q.from, a.name);
    if (name === undefined) throw new NrqlSyntaxError(text, a.offset, `unknown attribute ${JSON.stringify(a.name)} of ${q.from}`);
    if (use !== undefined && attributeSpec(q.from, name).type !== 'number') throw new NrqlSyntaxError(text, a.offset, `${use} needs a numeric attribute; ${a.name} is a string`);
    return { name, offset: a.offset };
  };
  const cond = (c: Condition): Condition => {
    switch (c.kind) {
      case 'and':
      case 'or':
        return { ...c, left: cond(c.left), right: cond(c.right) };
      case 'not':
        return { ...c, operand: cond(c.operand) };
      default:
        return { ...c, attribute: ref(c.attribute) };
    }
  };
  const select = q.select.map((s): SelectItem => {
    if (s.kind === 'star') return s;
    if (s.kind === 'count') return { kind: 'count', attribute: s.attribute && ref(s.attribute) };
    return { ...s, attribute: ref(s.attribute, NUMERIC_FUNCTIONS.has(s.kind) ? `${s.kind}()` : undefined) } as SelectItem;
  });
  const rows = select.filter((s) => s.kind === 'attribute' || s.kind === 'star');
  if (rows.length > 0 && rows.length < select.length) {
    const first = q.select.find((s) => s.kind === 'attribute') as { attribute: AttributeRef } | undefined;
    throw new NrqlSyntaxError(text, first?.attribute.offset ?? 0, 'plain attributes and aggregates cannot be mixed in one SELECT (an attribute is a row query)');
  }
  if (rows.length > 0 && (q.facet.length > 0 || q.timeseries !== undefined)) {
    throw new NrqlSyntaxError(text, 0, 'a row query (plain attributes) takes no FACET or TIMESERIES: aggregate the attributes');
  }
  if (q.from === 'DistributionMetric') {
    for (const s of select) {
      if (s.kind !== 'percentile' && s.kind !== 'median') throw new NrqlSyntaxError(text, 0, 'DistributionMetric answers percentile() and median() only');
    }
  }
  return { ...q, select, where: q.where && cond(q.where), facet: q.facet.map((f) => ref(f)) };
}

/** The tree of `text`, or an NrqlSyntaxError naming the position and what was expected. */
export function parseNrql(text: string): Query {
  const parser = new Parser(text, lex(text));
  return resolve(text, parser.query());
}
