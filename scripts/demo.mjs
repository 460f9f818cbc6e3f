// npm run demo: a few security events printed to the terminal, nothing else needed.
// (Uses the SDK directly; the full HTTP demo replaces this once @secotel/node/register lands.)
import { context, logs, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SecurityConsoleExporter } from '@secotel/node';
import { runWithSecurityScope, securityEvent, setUser } from '@secotel/sdk';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: new SecurityConsoleExporter() })] });
logs.setGlobalLoggerProvider(loggerProvider);
trace.setGlobalTracerProvider(new TracerProvider());
const tracer = trace.getTracer('demo');
const request = (name, fn) => tracer.startActiveSpan(name, (span) => runWithSecurityScope(() => { try { fn(); } finally { span.end(); } }));

console.log('secotel demo: security events as OpenTelemetry log records, one line each\n');
securityEvent('sys_startup', { message: 'demo service started' });
request('POST /login', () => {
  setUser({ 'user.id': 'alice', 'user.roles': ['admin'] });
  securityEvent('authn_login_success', { 'client.address': '192.168.0.10', message: 'alice logged in' });
});
for (let i = 1; i <= 5; i++) {
  request('POST /login', () =>
    securityEvent('authn_login_fail', { 'user.id': 'bob', 'client.address': '203.0.113.7', message: `Failed login attempt ${i} for bob password=hunter${i}` }),
  );
}
request('DELETE /admin/users/7', () => {
  setUser({ 'user.id': 'carol', 'user.roles': ['viewer'] });
  securityEvent('authz_fail', { 'http.route': '/admin/users/:id', message: 'carol may not delete users' });
});
request('GET /search', () =>
  securityEvent('input_validation_fail', { 'url.path': '/search', message: 'bad input\r\nFAKE LOG LINE: admin logged in' }),
);
securityEvent('sys_shutdown', { message: 'demo service stopping' });
await loggerProvider.shutdown();
console.log('\nNote: the password in the failed logins is redacted, the forged line break is escaped,');
console.log('and five failures for bob from one address produced one security.authn_login_fail_max.');
