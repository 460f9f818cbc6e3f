import type { SecurityEventCategory } from './categories.js';
import type { EcsMapping } from './ecsMapping.js';
import type { OwaspLevel } from './levels.js';
import type { OcsfMapping } from './ocsfMapping.js';
import type { SecurityEventOutcome } from './outcome.js';

/** Everything secotel knows about one kind of security event. */
export interface SecurityEventDefinition {
  /** Name without the `security.` prefix, e.g. `authn_login_fail`. */
  readonly name: string;
  readonly category: SecurityEventCategory;
  /** Level the OWASP cheat sheet gives the event. */
  readonly level: OwaspLevel;
  /**
   * Level by outcome, for the events the cheat sheet gives two levels (`upload_validation`
   * is INFO when the file passed, CRITICAL when it failed). Use {@link levelForOutcome}.
   */
  readonly levelByOutcome?: Readonly<Partial<Record<SecurityEventOutcome, OwaspLevel>>>;
  readonly description: string;
  /** Parameter names of the cheat sheet, e.g. `['userid', 'reason']`; see `OWASP_PARAMETER_ATTRIBUTES`. */
  readonly parameters: readonly string[];
  /** Outcome when the caller does not give one. */
  readonly outcome: SecurityEventOutcome;
  readonly ecs: EcsMapping;
  readonly ocsf: OcsfMapping;
  /** Attributes the event should carry besides the always-present `security.event.*`. */
  readonly recommendedAttributes: readonly string[];
}

/**
 * The level to emit an event at, given its outcome: the outcome-specific level when the
 * definition has one, its default level otherwise.
 */
export function levelForOutcome(definition: SecurityEventDefinition, outcome: SecurityEventOutcome): OwaspLevel {
  return definition.levelByOutcome?.[outcome] ?? definition.level;
}
