// One registry of the agent's own agent_* metrics, exposed as Prometheus
// text (format 0.0.4: HELP and TYPE lines, units in the names, counters
// ending in _total). Metrics are read when scraped, from the counters the
// modules already keep: registering costs nothing per tick.

export type MetricType = 'counter' | 'gauge';
export type Labels = Readonly<Record<string, string>>;
export type Sample = readonly [Labels, number];

interface Family {
  name: string;
  help: string;
  type: MetricType;
  collect: () => readonly Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class MetricsRegistry {
  private readonly families: Family[] = [];

  /** A metric family; `collect` returns its samples (labels, value) when scraped. */
  register(name: string, type: MetricType, help: string, collect: () => readonly Sample[]): void {
    if (!NAME.test(name)) throw new Error(`metric name ${JSON.stringify(name)} is not a Prometheus name`);
    if (type === 'counter' && !name.endsWith('_total')) throw new Error(`counter ${name} must end in _total`);
    if (this.families.some((f) => f.name === name)) throw new Error(`metric ${name} registered twice`);
    this.families.push({ name, type, help, collect });
  }

  /** A family with one unlabelled sample. */
  single(name: string, type: MetricType, help: string, value: () => number): void {
    this.register(name, type, help, () => [[{}, value()]]);
  }

  /** Every family with its samples now (for the OTLP sink). */
  collect(): { name: string; type: MetricType; help: string; samples: readonly Sample[] }[] {
    return this.families.map((f) => ({ name: f.name, type: f.type, help: f.help, samples: f.collect() }));
  }

  /** The exposition text of every family. */
  expose(): string {
    const lines: string[] = [];
    for (const f of this.families) {
      lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${f.name} ${f.type}`);
      for (const [labels, value] of f.collect()) {
        const keys = Object.keys(labels);
        const l = keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k])}"`).join(',')}}`;
        lines.push(`${f.name}${l} ${formatValue(value)}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}
