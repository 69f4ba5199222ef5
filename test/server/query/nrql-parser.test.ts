// Golden tests of the NRQL subset's parser: query text → tree (offsets
// dropped, one test checks them), and query text → error with its line:column
// and what was expected.

import { describe, expect, it } from 'vitest';
import { NrqlSyntaxError } from '../../../src/server/query/nrql-lexer.js';
import { parseNrql } from '../../../src/server/query/nrql-parser.js';

/** The tree without offsets and without the clauses left undefined. */
function tree(text: string): unknown {
  return JSON.parse(JSON.stringify(parseNrql(text), (k, v) => (k === 'offset' ? undefined : v)));
}

const a = (name: string) => ({ name });
const s = (value: string) => ({ kind: 'string', value });
const n = (value: number) => ({ kind: 'number', value });

describe('parseNrql: text → tree', () => {
  const cases: [string, unknown][] = [
    [
      "SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample WHERE hostname = 'h1' SINCE 1 hour ago",
      {
        select: [{ kind: 'percentile', attribute: a('cpuPercent'), percentiles: [95, 99] }],
        from: 'ProcessSample',
        where: { kind: 'compare', attribute: a('hostname'), op: '=', value: s('h1') },
        facet: [],
        since: { kind: 'ago', amount: 1, unit: 'hours' },
      },
    ],
    [
      'select count(*), sum(threadCount), average(cpuPercent), avg(cpuPercent), min(memoryResidentSizeBytes), max(memoryResidentSizeBytes), latest(state), uniqueCount(commandName), median(cpuPercent), count(userName) from ProcessSample',
      {
        select: [
          { kind: 'count' },
          { kind: 'sum', attribute: a('threadCount') },
          { kind: 'average', attribute: a('cpuPercent') },
          { kind: 'average', attribute: a('cpuPercent') },
          { kind: 'min', attribute: a('memoryResidentSizeBytes') },
          { kind: 'max', attribute: a('memoryResidentSizeBytes') },
          { kind: 'latest', attribute: a('state') },
          { kind: 'uniqueCount', attribute: a('commandName') },
          { kind: 'median', attribute: a('cpuPercent') },
          { kind: 'count', attribute: a('userName') },
        ],
        from: 'ProcessSample',
        facet: [],
      },
    ],
    [
      "SELECT count(*) FROM ProcessSample WHERE (state = 'R' OR state IN ('S', 'D')) AND NOT commandName LIKE 'kw%' AND userName IS NOT NULL AND cpuPercent >= 1.5",
      {
        select: [{ kind: 'count' }],
        from: 'ProcessSample',
        where: {
          kind: 'and',
          left: {
            kind: 'and',
            left: {
              kind: 'and',
              left: { kind: 'or', left: { kind: 'compare', attribute: a('state'), op: '=', value: s('R') }, right: { kind: 'in', attribute: a('state'), values: [s('S'), s('D')], negated: false } },
              right: { kind: 'not', operand: { kind: 'like', attribute: a('commandName'), pattern: 'kw%', negated: false } },
            },
            right: { kind: 'isNull', attribute: a('userName'), negated: true },
          },
          right: { kind: 'compare', attribute: a('cpuPercent'), op: '>=', value: n(1.5) },
        },
        facet: [],
      },
    ],
    [
      "SELECT count(*) FROM ProcessSample WHERE commandName NOT LIKE '%d' OR processId NOT IN (1, -2) OR userName IS NULL OR pinned = true OR state <> 'Z' OR cpuPercent < 1 OR cpuPercent <= 2 OR cpuPercent > 3",
      {
        select: [{ kind: 'count' }],
        from: 'ProcessSample',
        where: {
          kind: 'or',
          left: {
            kind: 'or',
            left: {
              kind: 'or',
              left: {
                kind: 'or',
                left: {
                  kind: 'or',
                  left: {
                    kind: 'or',
                    left: {
                      kind: 'or',
                      left: { kind: 'like', attribute: a('commandName'), pattern: '%d', negated: true },
                      right: { kind: 'in', attribute: a('processId'), values: [n(1), n(-2)], negated: true },
                    },
                    right: { kind: 'isNull', attribute: a('userName'), negated: false },
                  },
                  right: { kind: 'compare', attribute: a('pinned'), op: '=', value: { kind: 'boolean', value: true } },
                },
                right: { kind: 'compare', attribute: a('state'), op: '!=', value: s('Z') },
              },
              right: { kind: 'compare', attribute: a('cpuPercent'), op: '<', value: n(1) },
            },
            right: { kind: 'compare', attribute: a('cpuPercent'), op: '<=', value: n(2) },
          },
          right: { kind: 'compare', attribute: a('cpuPercent'), op: '>', value: n(3) },
        },
        facet: [],
      },
    ],
    [
      "SELECT average(cpuPercent) FROM ProcessAggregateSample FACET processDisplayName, entityGuid LIMIT 5 SINCE '2026-01-02 03:04:05' UNTIL 1767323045000 TIMESERIES 5 minutes",
      {
        select: [{ kind: 'average', attribute: a('cpuPercent') }],
        from: 'ProcessAggregateSample',
        facet: [a('processDisplayName'), a('hostId')],
        since: { kind: 'absolute', ms: Date.UTC(2026, 0, 2, 3, 4, 5), text: '2026-01-02 03:04:05' },
        until: { kind: 'absolute', ms: 1767323045000 },
        timeseries: { kind: 'fixed', amount: 5, unit: 'minutes' },
        limit: 5,
      },
    ],
    [
      'SELECT max(cpu) FROM SystemSample SINCE 3 days ago UNTIL 2 days ago TIMESERIES AUTO',
      {
        select: [{ kind: 'max', attribute: a('cpu') }],
        from: 'SystemSample',
        facet: [],
        since: { kind: 'ago', amount: 3, unit: 'days' },
        until: { kind: 'ago', amount: 2, unit: 'days' },
        timeseries: { kind: 'auto' },
      },
    ],
    [
      'SELECT max(cpuPercent) FROM SystemSample TIMESERIES SINCE 30 minutes ago',
      { select: [{ kind: 'max', attribute: a('cpu') }], from: 'SystemSample', facet: [], since: { kind: 'ago', amount: 30, unit: 'minutes' }, timeseries: { kind: 'auto' } },
    ],
    [
      'SELECT commandLine, `processId` FROM ProcessSample LIMIT MAX',
      {
        select: [
          { kind: 'attribute', attribute: a('commandLine') },
          { kind: 'attribute', attribute: a('processId') },
        ],
        from: 'ProcessSample',
        facet: [],
        limit: 'max',
      },
    ],
    ['SELECT * FROM SystemSample LIMIT 3', { select: [{ kind: 'star' }], from: 'SystemSample', facet: [], limit: 3 }],
    [
      "SELECT median(memoryResidentSizeBytes) FROM DistributionMetric WHERE processDisplayName = 'it''s' SINCE NOW",
      {
        select: [{ kind: 'median', attribute: a('memoryResidentSizeBytes') }],
        from: 'DistributionMetric',
        where: { kind: 'compare', attribute: a('processDisplayName'), op: '=', value: s("it's") },
        facet: [],
        since: { kind: 'now' },
      },
    ],
  ];
  for (const [text, want] of cases) {
    it(text, () => expect(tree(text)).toEqual(want));
  }

  it('keeps where each attribute stood', () => {
    const q = parseNrql("SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE entityGuid = 'x'");
    expect(q.select[0]).toMatchObject({ attribute: { name: 'cpuPercent', offset: 18 } });
    expect(q.where).toMatchObject({ attribute: { name: 'hostId', offset: 59 } });
  });
});

describe('parseNrql: errors name the position and what was expected', () => {
  const cases: [string, string][] = [
    ['', '1:1: unexpected end of query, expected SELECT'],
    ['SELECT count(*) FORM ProcessSample', '1:17: unexpected "FORM", expected "," or FROM'],
    ['SELECT FROM ProcessSample', '1:8: unexpected "FROM", expected an aggregate function or an attribute'],
    [
      'SELECT count(*) FROM Process',
      '1:22: unexpected "Process", expected an event type (ProcessSample, ProcessAggregateSample, ProcessTickSample, ProcessEphemeralSample, ProcessThreadSample, SystemSample, MetricSample, DistributionMetric)',
    ],
    ['SELECT percentile(cpuPercent) FROM ProcessSample', '1:29: unexpected ")", expected "," and a percentile (percentile(cpuPercent, 95))'],
    ['SELECT percentile(cpuPercent, 101) FROM ProcessSample', '1:31: percentile 101 out of range, expected a number from 0 to 100'],
    ['SELECT stddev(cpuPercent) FROM ProcessSample', '1:8: unknown function "stddev", expected one of count, sum, average, min, max, latest, uniqueCount, percentile, median'],
    ['SELECT count(* FROM ProcessSample', '1:16: unexpected "FROM", expected ")" to close count('],
    ['SELECT count(*) FROM ProcessSample WHERE cpuPercnt > 5', '1:42: unknown attribute "cpuPercnt" of ProcessSample'],
    ['SELECT average(state) FROM ProcessSample', '1:16: average() needs a numeric attribute; state is a string'],
    ['SELECT count(*) FROM ProcessSample WHERE\n  state = ', '2:11: unexpected end of query, expected a value (a quoted string, a number, true or false)'],
    ["SELECT count(*) FROM ProcessSample WHERE state 'R'", '1:48: unexpected string "R", expected a comparison (=, !=, <, <=, >, >=), LIKE, NOT LIKE, IN, NOT IN or IS [NOT] NULL'],
    ["SELECT count(*) FROM ProcessSample WHERE state NOT = 'R'", '1:52: unexpected "=", expected LIKE or IN'],
    ['SELECT count(*) FROM ProcessSample WHERE state IS 5', '1:51: unexpected number 5, expected NOT or NULL'],
    ["SELECT count(*) FROM ProcessSample WHERE (state = 'R'", '1:54: unexpected end of query, expected ")", AND or OR'],
    ["SELECT count(*) FROM ProcessSample WHERE state IN ('R' 'S')", '1:56: unexpected string "S", expected "," or ")"'],
    ["SELECT count(*) FROM ProcessSample WHERE state = 'R", "1:50: unterminated string: expected a closing '"],
    ['SELECT count(*) FROM ProcessSample SINCE 5 parsecs ago', '1:44: unexpected "parsecs", expected a unit (seconds, minutes, hours, days, weeks)'],
    ['SELECT count(*) FROM ProcessSample SINCE 5 minutes', '1:51: unexpected end of query, expected AGO (5 minutes ago)'],
    ["SELECT count(*) FROM ProcessSample SINCE '2026-13-01 00:00:00'", '1:42: bad time "2026-13-01 00:00:00", expected \'YYYY-MM-DD HH:MM:SS\' (UTC)'],
    ['SELECT count(*) FROM ProcessSample LIMIT 0', '1:42: LIMIT 0: expected a whole number from 1 to 5000, or MAX'],
    ['SELECT count(*) FROM ProcessSample LIMIT 5 LIMIT 6', '1:44: LIMIT given twice'],
    ['SELECT count(*) FROM ProcessSample TIMESERIES 5 fortnights', '1:49: unexpected "fortnights", expected a unit (seconds, minutes, hours, days, weeks)'],
    ['SELECT count(*) FROM ProcessSample ORDER BY x', '1:36: unexpected "ORDER", expected a clause (WHERE, FACET, SINCE, UNTIL, TIMESERIES, LIMIT) or end of query'],
    ['SELECT count(*) FROM ProcessSample WHERE state = ;', '1:50: unexpected character ";"'],
    ['SELECT commandName, count(*) FROM ProcessSample', '1:8: plain attributes and aggregates cannot be mixed in one SELECT (an attribute is a row query)'],
    ['SELECT count(*) FROM DistributionMetric', '1:1: DistributionMetric answers percentile() and median() only'],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => {
      let err: unknown;
      try {
        parseNrql(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NrqlSyntaxError);
      expect((err as Error).message).toBe(want);
      expect((err as NrqlSyntaxError).code).toBe('IW_ERR_NRQL');
    });
  }
});
