export { SecurityHttpInstrumentation, securityHttpConfig } from './instrumentation.js';
export type { SecurityHttpInstrumentationConfig } from './instrumentation.js';
export { createSecurityHttpHooks, reportPendingFindings } from './security-hooks.js';
export { securityHooksStillRun } from './other-http-instrumentations.js';
export type { SecurityHttpHooks } from './security-hooks.js';
export { DEFAULT_LOGIN_ROUTES, SecurityHttpConfigError, resolveSecurityHttpOptions } from './config.js';
export type { HttpAuditMode, ResolvedSecurityHttpOptions, SecurityHttpOptions } from './config.js';
export { resolveClientAddress, compileTrust, forwardedFor } from './client-address.js';
export type { TrustFunction } from './client-address.js';
