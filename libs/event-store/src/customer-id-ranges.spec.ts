import { customerIdCondition, customerIdRanges } from './customer-id-ranges';

describe('Customer id ranges', () => {
  it('cut the strings into contiguous ranges, open at both ends', () => {
    expect(customerIdRanges(['4', '8'])).toEqual([{ below: '4' }, { from: '4', below: '8' }, { from: '8' }]);
  });

  it('leave out the ranges wholly at or before the id a scan resumes after', () => {
    expect(customerIdRanges(['4', '8'], '5b')).toEqual([{ from: '4', below: '8' }, { from: '8' }]);
    expect(customerIdRanges(['4', '8'], '8')).toEqual([{ from: '8' }]);
  });

  it('hold every id once, in order, whatever the bounds', () => {
    const ids = ['', '0', '3f', '4', '4a', '7z', '8', '80', 'A', 'a', 'f', 'z', '\u{1F600}'];
    const inRange = (id: string, condition: Record<string, string>) =>
      (condition.$gte === undefined || id >= condition.$gte) &&
      (condition.$lt === undefined || id < condition.$lt) &&
      (condition.$gt === undefined || id > condition.$gt);
    for (const after of [undefined, '4', '7z', 'A']) {
      const found = customerIdRanges(['4', '8', 'a'], after).flatMap((range) =>
        ids.filter((id) => inRange(id, customerIdCondition(range, after))),
      );
      expect(found).toEqual(ids.filter((id) => after === undefined || id > after));
    }
  });

  it('ask for ids after the resumed one only in the range that holds it', () => {
    expect(customerIdCondition({ from: '4', below: '8' }, '5b')).toEqual({ $gte: '4', $lt: '8', $gt: '5b' });
    expect(customerIdCondition({ from: '8' }, '5b')).toEqual({ $gte: '8' });
    expect(customerIdCondition({ below: '4' })).toEqual({ $lt: '4' });
  });
});
