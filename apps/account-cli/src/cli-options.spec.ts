import { parseOptions } from './cli-options';

describe('parseOptions', () => {
  it('given named options and positionals in any order, in either spelling, reads them all', () => {
    expect(parseOptions(['c-1', '--from', '2026-01-01T00:00:00Z', '--format=csv'], ['from', 'format'])).toEqual({
      ok: true,
      positional: ['c-1'],
      values: { from: '2026-01-01T00:00:00Z', format: 'csv' },
    });
  });

  it('given an option it does not know or one without its value, says which', () => {
    expect(parseOptions(['--colour', 'red'], ['from'])).toEqual({ ok: false, error: 'Unknown option --colour (known: --from)' });
    expect(parseOptions(['--from'], ['from'])).toEqual({ ok: false, error: '--from needs a value' });
  });
});
