// OpenTelemetry spans on the command path, exported only when an OTLP endpoint is configured.
export * from './tracing';
