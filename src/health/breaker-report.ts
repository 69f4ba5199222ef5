// How a breaker's change of state is told, the same for every module (the
// scan, the sketches, the enrichment, each sink): a warning in the log, an
// AgentDiagEvent `breaker_<state>`, and, when it opens and the module has
// a gentler mode, a `fallback` event saying what that mode is.

import type { Logger } from 'pino';
import type { BreakerState } from './circuit-breaker.js';
import type { DiagEvents } from './diag-events.js';

export type BreakerReport = (module: string, from: BreakerState, to: BreakerState, reason: string, fallback?: string, detail?: Record<string, unknown>) => void;

export function breakerReporter(log: Logger, diag: DiagEvents): BreakerReport {
  return (module, from, to, reason, fallback, detail = {}) => {
    log.warn({ module, from, to, reason, ...detail }, 'breaker');
    diag.emit({ module, eventType: `breaker_${to}`, reason });
    if (to === 'open' && fallback !== undefined) diag.emit({ module, eventType: 'fallback', reason: fallback });
  };
}
