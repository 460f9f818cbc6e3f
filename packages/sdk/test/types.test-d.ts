// Compile-time behaviour of securityEvent() and setUser(): never run, compiled by types.test.ts
// with `tsc --strict`. Every `@ts-expect-error` must be a real error there (an unused directive
// fails the compilation), and types.test.ts checks that each marks the error it names.
import { customAttributes, registerSecurityEvent, securityEvent, setUser, uncheckedEventName } from '@secotel/sdk';
import type { KnownSecurityEventName, SecurityEventFields } from '@secotel/sdk';

// An application's own event and attributes, added the documented way.
declare module '@secotel/sdk' {
  interface SecurityEventRegistry {
    typecheck_refund_denied: true;
  }
  interface SecurityAttributeRegistry {
    'payment.refund_id': string;
    'user.tenant': string;
  }
}

declare const nameFromConfig: string;
declare const maybeUser: string | undefined;

// Event names: the catalogue, bare or prefixed, and registered names.
securityEvent('authn_login_fail', { 'user.id': 'alice', 'client.address': '192.0.2.1', message: 'Failed login' });
securityEvent('security.authz_fail');
registerSecurityEvent('typecheck_refund_denied', { category: 'payment', level: 'WARN', description: 'A refund was refused' });
securityEvent('typecheck_refund_denied', { 'payment.refund_id': 'r-1' });
const names: KnownSecurityEventName[] = ['authn_login_success', 'security.sys_startup', 'typecheck_refund_denied'];
// @ts-expect-error a misspelled catalogue name
securityEvent('authn_login_fial');
// @ts-expect-error a misspelled catalogue name with the prefix
securityEvent('security.authn_login_fial');
// @ts-expect-error a misspelled registered name
securityEvent('typecheck_refund_deny');
// @ts-expect-error a name that is neither in the catalogue nor registered
securityEvent('my_app_event');
// @ts-expect-error only the hash chain writes checkpoints
securityEvent('chain_checkpoint');
// @ts-expect-error a string only known at run time needs uncheckedEventName()
securityEvent(nameFromConfig);
securityEvent(uncheckedEventName(nameFromConfig));

// Attribute keys: the known ones, with their value types.
securityEvent('authz_fail', { 'http.response.status_code': 403, 'user.roles': ['viewer'], 'user.id': maybeUser, 'client.address': null });
securityEvent('authz_fail', { outcome: 'failure', severity: 'CRITICAL' });
// @ts-expect-error a misspelled known key
securityEvent('authz_fail', { 'user.idd': 'alice' });
// @ts-expect-error a misspelled known key (two letters swapped)
securityEvent('authz_fail', { 'clinet.address': '192.0.2.1' });
// @ts-expect-error a misspelled reserved field
securityEvent('authz_fail', { mesage: 'hello' });
// @ts-expect-error a known key with a value of the wrong type
securityEvent('authz_fail', { 'http.response.status_code': '403' });
// @ts-expect-error an outcome that does not exist
securityEvent('authz_fail', { outcome: 'maybe' });
// @ts-expect-error a key secotel sets itself
securityEvent('authz_fail', { 'security.event.category': 'authz' });
// @ts-expect-error a hash chain key
securityEvent('authz_fail', { 'security.chain.seq': 1 });

// The application's own keys: registered ones, `app.*`, and the escape hatch.
securityEvent('authz_fail', { 'app.order_id': 'o-1', 'app.attempt': 3, 'app.details': { reason: 'limit' } });
securityEvent('authz_fail', { 'http.request.header.x-request-id': 'abc' });
securityEvent('authz_fail', { 'user.id': 'alice', ...customAttributes({ 'url.full': 'https://shop.example/orders/7' }) });
securityEvent('authz_fail', customAttributes({ 'process.pid': 42 }));
// @ts-expect-error a misspelled registered key
securityEvent('typecheck_refund_denied', { 'payment.refund_idd': 'r-1' });
// @ts-expect-error a registered key with a value of the wrong type
securityEvent('typecheck_refund_denied', { 'payment.refund_id': 7 });
// @ts-expect-error a key outside the known ones, the registry and app.*
securityEvent('authz_fail', { 'order.id': 'o-1' });

// Spreading prepared fields keeps the check on the keys written next to them.
const base: SecurityEventFields = { 'url.path': '/orders', 'http.request.method': 'GET' };
securityEvent('authz_fail', { ...base, 'user.id': 'alice' });
// @ts-expect-error a misspelled key next to a spread
securityEvent('authz_fail', { ...base, 'user.idd': 'alice' });

// setUser(): the user keys, registered user.* keys, nothing else.
setUser({ 'user.id': 'alice', 'user.roles': ['admin'], 'session.id': 's-1', 'user.tenant': 'acme' });
setUser(null);
// @ts-expect-error a misspelled user key
setUser({ 'user.idd': 'alice' });
// @ts-expect-error setUser() takes user keys only
setUser({ 'client.address': '192.0.2.1' });

export { names };
