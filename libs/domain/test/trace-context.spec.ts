import fc from 'fast-check';
import { parseTraceContext, recordEvents } from '../src';
import { customerRegistered, PARTNER_ID, registerCustomer } from './builders';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('a W3C trace context', () => {
  it('given a command with a trace, when its events are recorded, then each carries it', () => {
    const trace = { traceparent: TRACEPARENT, tracestate: 'vendor=abc' };
    const [event] = recordEvents([customerRegistered()], registerCustomer(undefined, { trace }), PARTNER_ID, { version: 0 }, () => 'e-1');
    expect(event.trace).toEqual(trace);
  });

  it('given a valid traceparent, then it is kept, with a tracestate beside it', () => {
    expect(parseTraceContext(TRACEPARENT, 'vendor=abc')).toEqual({ traceparent: TRACEPARENT, tracestate: 'vendor=abc' });
    expect(parseTraceContext(TRACEPARENT, undefined)).toEqual({ traceparent: TRACEPARENT });
  });

  it('given anything else a caller sends, then it is ignored, never an error: the trace starts anew', () => {
    for (const invalid of [
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    ])
      expect(parseTraceContext(invalid, 'vendor=abc')).toBeUndefined();
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (traceparent, tracestate) => {
        const parsed = parseTraceContext(traceparent, tracestate);
        if (parsed) expect(parsed.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
      }),
    );
    expect(parseTraceContext(TRACEPARENT, 'x'.repeat(513))).toEqual({ traceparent: TRACEPARENT });
  });
});
