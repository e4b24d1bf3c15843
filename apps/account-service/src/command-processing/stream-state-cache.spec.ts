import { initialState } from '@app/domain';
import { StreamStateCache } from './stream-state-cache';

describe('StreamStateCache', () => {
  const state = (version: number) => ({ ...initialState(), version }) as never;

  it('drops the least recently used stream beyond its capacity', () => {
    const cache = new StreamStateCache(2);
    cache.set('a', state(1));
    cache.set('b', state(2));
    expect(cache.get('a')).toEqual(state(1)); // a is now the most recent
    cache.set('c', state(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(state(1));
    expect(cache.get('c')).toEqual(state(3));
  });

  it('forgets a stream on request', () => {
    const cache = new StreamStateCache(2);
    cache.set('a', state(1));
    cache.forget('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
