// Preload for the "plain OpenTelemetry" mode: what a user writes without secotel. The NodeSDK with
// @opentelemetry/instrumentation-http, exporters from the same OTEL_* variables as the secotel
// modes (traces and logs over OTLP to the local sink, metrics off).
'use strict';
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const sdk = new NodeSDK({ instrumentations: [new HttpInstrumentation()] });
sdk.start();
process.once('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
