import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Spans as OTLP/JSON over HTTP with Node's fetch. OpenTelemetry's own HTTP exporter loads
 * `http` by a dynamic import, which Jest's module sandbox refuses, so the spans of the
 * end-to-end tests would never leave; this one sends the same document.
 */
export class OtlpJsonSpanExporter implements SpanExporter {
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly url: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const sent = fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JsonTraceSerializer.serializeRequest(spans) as Uint8Array<ArrayBuffer>,
      signal: AbortSignal.timeout(10_000),
    }).then(
      (response) => done({ code: response.ok ? ExportResultCode.SUCCESS : ExportResultCode.FAILED }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.sending);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}
