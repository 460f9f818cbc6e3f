export { SecurityConsoleExporter, formatSecurityLine } from './console-exporter.js';
export { startSecotel } from './start.js';
export type { SecotelHandle, StartSecotelOptions } from './start.js';
export { logRecordProcessorsFromEnv, otlpLogExporterFromEnv } from './log-processors.js';
