// The event both emission benchmarks send (emit-bench.ts measures it, emit-profile.ts splits its
// cost): one failed login, its user and client address cycling through fixed lists, with a user
// agent and an authorization header that should never have been logged.
import { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import type { securityEvent } from '@secotel/sdk';

const USERS = Array.from({ length: 1000 }, (_, i) => `user${i}@example.com`);
const ADDRESSES = Array.from({ length: 997 }, (_, i) => `198.51.${100 + (i >> 8)}.${i & 255}`);
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
/** A JWT in a header: redacted by key (authorization) and by shape. */
export const AUTHORIZATION = 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

/** Emits event number `i`. */
export type Emit = (i: number) => void;

/** The user of event number `i`. */
export function userOf(i: number): string {
  return USERS[i % USERS.length] as string;
}

/** The client address of event number `i`. */
export function addressOf(i: number): string {
  return ADDRESSES[i % ADDRESSES.length] as string;
}

/** The event through `emit` (securityEvent() of the SDK build under test). */
export function secotelEmit(emit: typeof securityEvent): Emit {
  return (i) => {
    const user = userOf(i);
    const address = addressOf(i);
    emit('authn_login_fail', {
      'user.id': user,
      'client.address': address,
      'http.request.method': 'POST',
      'url.path': '/login',
      'user_agent.original': USER_AGENT,
      'http.request.header.authorization': AUTHORIZATION,
      message: `Failed login attempt for ${user} from ${address}`,
    });
  };
}

/** One recording span per event around `emit`, as a request would have. */
export function inSpan(tracer: Tracer, emit: Emit): Emit {
  return (i) => {
    const span = tracer.startSpan('POST /login');
    context.with(trace.setSpan(ROOT_CONTEXT, span), emit, undefined, i);
    span.end();
  };
}
