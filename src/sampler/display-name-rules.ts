// Display name rules: the first rule whose regular expression matches a
// process name gives its display name: the rule's `name`, with $1 … $9
// taken from the match's groups; no rule: the name itself. Asked once per
// distinct name.
//
//   display_name_rules:
//     - { match: '^(kworker|ksoftirqd|migration|cpuhp)/', name: '$1' }

export interface DisplayNameRule {
  readonly match: string;
  readonly name: string;
}

export function displayNameRules(rules: readonly DisplayNameRule[]): (name: string) => string {
  const compiled = rules.map((r) => ({ re: new RegExp(r.match), name: r.name }));
  return (name) => {
    for (const rule of compiled) {
      const m = rule.re.exec(name);
      if (m !== null) return rule.name.replace(/\$(\d)/g, (_, group: string) => m[Number(group)] ?? '');
    }
    return name;
  };
}
