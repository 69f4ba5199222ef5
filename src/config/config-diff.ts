// Which keys a config change touches. What each key rebuilds in the running
// agent is declared by the parts that read it (agent-parts.ts,
// sinks/sink-registry.ts); this only compares.

import type { AgentConfig } from './schema.js';

/** Whether any of `keys` differs between two configs (lists and maps compared by value). */
export function changed(before: AgentConfig, after: AgentConfig, keys: readonly (keyof AgentConfig)[]): boolean {
  return keys.some((k) => before[k] !== after[k] && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
