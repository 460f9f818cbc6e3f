export { SecurityConsoleExporter, formatSecurityLine } from './console-exporter.js';
export { startSecotel } from './start.js';
export type { SecotelHandle, StartSecotelOptions } from './start.js';
export { logPipelineFromEnv, logRecordProcessorsFromEnv, otlpLogExporterFromEnv } from './log-processors.js';
export type { LogPipeline, LogPipelineOptions, SpoolSettings } from './log-processors.js';
export { flushSecurity, securityDeliveryReport } from './flush-security.js';
export type { SecurityDeliveryReport, SecurityDropReason } from '@secotel/spool';
