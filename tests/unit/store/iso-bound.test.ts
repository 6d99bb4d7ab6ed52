import { describe, expect, it } from 'vitest';
import { toIsoBound } from '../../../src/store/story-query.js';

describe('since/until bounds', () => {
  it.each([
    ['2025-01-17', '2025-01-17T00:00:00.000Z'],
    ['2025-01-17T10:00:00+02:00', '2025-01-17T08:00:00.000Z'],
    ['1737108000', '2025-01-17T10:00:00.000Z'], // unix seconds
    ['1737108000000', '2025-01-17T10:00:00.000Z'], // epoch milliseconds
  ])('%s is %s', (value, iso) => {
    expect(toIsoBound('since', value)).toBe(iso);
  });

  it('refuses what is not a date, naming the parameter', () => {
    expect(() => toIsoBound('until', 'yesterday')).toThrowError(/until must be an ISO-8601 date or date-time, or epoch seconds or milliseconds/);
  });
});
