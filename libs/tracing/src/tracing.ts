import { Attributes, context, Context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OtlpJsonSpanExporter } from './otlp-json-exporter';

/** A W3C trace context as commands and events carry it. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

const tracer = () => trace.getTracer('customer-account-service');

/**
 * Spans go nowhere unless an OTLP endpoint is configured: the API is a no-op without a
 * provider, so the command path pays nothing for its spans then.
 */
export function startTracing(serviceName: string, otlpTracesEndpoint: string | undefined): { shutdown(): Promise<void> } | undefined {
  if (!otlpTracesEndpoint) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OtlpJsonSpanExporter(otlpTracesEndpoint))],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/** The context a span continues: the trace a command or event carried, else the one under way. */
export function contextOf(carrier: TraceCarrier | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, { ...carrier }) : context.active();
}

/** Runs work in a span of its own, a child of `parent`, ended however the work ends. */
export async function inSpan<T>(name: string, parent: Context, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The same for work that does not wait (the pure decision). */
export function inSpanNow<T>(name: string, attributes: Attributes, work: () => T): T {
  return tracer().startActiveSpan(name, { attributes }, (span) => {
    try {
      return work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Spans for many items at once (a batch sent or written together), each continuing its own trace. */
export async function inSpansEach<T>(name: string, carriers: Array<TraceCarrier | undefined>, work: () => Promise<T>): Promise<T> {
  // Only work that came in a trace gets spans: untraced work would start a trace of its own each time.
  const spans = carriers.flatMap((carrier) => (carrier ? [tracer().startSpan(name, {}, contextOf(carrier))] : []));
  try {
    return await work();
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

/** Spans still buffered go out when the app closes. */
export function stopTracingOnClose(app: { close(): Promise<void> }, tracing: { shutdown(): Promise<void> } | undefined): void {
  if (!tracing) return;
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await tracing.shutdown().catch(() => undefined);
  };
}
