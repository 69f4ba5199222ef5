// Pinning: processes whose name or command line matches an include rule are
// always top rows; those matching an exclude rule never are (they still
// count in the aggregates and the totals). Include wins when both match.
//
// Regular expressions need strings, so each verdict is asked once and
// cached: per distinct name (NameTable.pins) and, only when cmdline rules
// are configured, per process (the `pin` column; its cmdline is read once).

import { PIN_EXCLUDE, PIN_INCLUDE, PIN_NONE } from '../table/layout.js';

export interface PinRuleConfig {
  readonly include_names: readonly string[];
  readonly include_cmdlines: readonly string[];
  readonly exclude_names: readonly string[];
  readonly exclude_cmdlines: readonly string[];
}

function compile(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p));
}

function verdict(text: string, include: RegExp[], exclude: RegExp[]): number {
  if (include.some((r) => r.test(text))) return PIN_INCLUDE;
  if (exclude.some((r) => r.test(text))) return PIN_EXCLUDE;
  return PIN_NONE;
}

export class PinRules {
  private readonly includeNames: RegExp[];
  private readonly excludeNames: RegExp[];
  private readonly includeCmdlines: RegExp[];
  private readonly excludeCmdlines: RegExp[];

  constructor(config: PinRuleConfig) {
    this.includeNames = compile(config.include_names);
    this.excludeNames = compile(config.exclude_names);
    this.includeCmdlines = compile(config.include_cmdlines);
    this.excludeCmdlines = compile(config.exclude_cmdlines);
  }

  get any(): boolean {
    return this.hasNameRules || this.hasCmdlineRules;
  }

  get hasNameRules(): boolean {
    return this.includeNames.length + this.excludeNames.length > 0;
  }

  get hasCmdlineRules(): boolean {
    return this.includeCmdlines.length + this.excludeCmdlines.length > 0;
  }

  nameVerdict(name: string): number {
    return verdict(name, this.includeNames, this.excludeNames);
  }

  cmdlineVerdict(cmdline: string): number {
    return verdict(cmdline, this.includeCmdlines, this.excludeCmdlines);
  }
}

/** The verdict for a process from its name's and its cmdline's verdicts. */
export function combineVerdicts(byName: number, byCmdline: number): number {
  if (byName === PIN_INCLUDE || byCmdline === PIN_INCLUDE) return PIN_INCLUDE;
  if (byName === PIN_EXCLUDE || byCmdline === PIN_EXCLUDE) return PIN_EXCLUDE;
  return PIN_NONE;
}
