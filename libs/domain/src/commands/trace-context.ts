/** W3C Trace Context of the request or message that carried a command. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

const TRACEPARENT = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
/** W3C's bound for tracestate, and its characters: printable ASCII. */
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/**
 * The trace context a caller sent, when it is one: W3C says an invalid traceparent is
 * ignored (the trace starts anew), never refused, and a tracestate counts only beside a
 * valid traceparent.
 */
export function parseTraceContext(traceparent: unknown, tracestate: unknown): TraceContext | undefined {
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent.trim())) return undefined;
  const state = typeof tracestate === 'string' && TRACESTATE.test(tracestate.trim()) ? tracestate.trim() : undefined;
  return { traceparent: traceparent.trim(), ...(state !== undefined && { tracestate: state }) };
}
