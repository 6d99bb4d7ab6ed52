import { describe, expect, it } from 'vitest';
import { toIsoBound } from '../../../src/store/story-query.js';

describe('since/until bounds', () => {
  it.each([
    ['2025-01-17', '2025-01-17T00:00:00.000Z'],
    ['2025-01-17T10:00:00+02:00', '2025-01-17T08:00:00.000Z'],
    ['1737108000', '2025-01-17T10:00:00.000Z'], // unix seconds
    ['1737108000000', '2025-01-17T10:00:00.000Z'], // epoch milliseconds
    ['2025-01-17T10:00:00', '2025-01-17T10:00:00.000Z'], // no offset: UTC, not the server's time zone
    ['2025-01-17T10:00', '2025-01-17T10:00:00.000Z'],
    ['2025-01-17 10:00:00.5Z', '2025-01-17T10:00:00.500Z'],
    ['2025-01-17T10:00:00.123456789-0530', '2025-01-17T15:30:00.123Z'],
    ['2025-01-17t10:00:00z', '2025-01-17T10:00:00.000Z'],
    ['2025-01-17T10:00:00+02', '2025-01-17T08:00:00.000Z'],
    ['2025-01', '2025-01-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    [' 2025-01-17 ', '2025-01-17T00:00:00.000Z'],
    ['Fri, 17 Jan 2025 10:00:00 GMT', '2025-01-17T10:00:00.000Z'],
    ['17 Jan 2025 12:00 +0200', '2025-01-17T10:00:00.000Z'],
    ['Fri, 17 Jan 2025 05:00:00 EST', '2025-01-17T10:00:00.000Z'],
    ['fri, 17 jan 2025 03:00:00 pdt', '2025-01-17T10:00:00.000Z'],
    ['Sun, 29 Nov 2026 00:30:00 -0500', '2026-11-29T05:30:00.000Z'], // its weekday where it was written
    ['2027', '2027-01-01T00:00:00.000Z'], // four digits: a year, not 2,027 seconds after 1970
    ['12345', '1970-01-01T03:25:45.000Z'],
    ['20261201', '2026-12-01T00:00:00.000Z'], // eight digits: a basic-format date
    ['123456789', '1973-11-29T21:33:09.000Z'],
  ])('%s is %s', (value, iso) => {
    expect(toIsoBound('since', value)).toBe(iso);
  });

  it('refuses what is not a date, naming the parameter', () => {
    expect(() => toIsoBound('until', 'yesterday')).toThrowError(/until must be an ISO-8601 date or date-time, epoch seconds or milliseconds, or an RFC 2822 date with its zone/);
  });

  it.each([
    ['2026-02-30', /is not a date that exists/], // Date would roll it over to March 2
    ['2025-02-29', /is not a date that exists/],
    ['2025-13-01', /is not a date that exists/],
    ['2025-01-17T24:00:00Z', /is not a date that exists/],
    ['2025-01-17T10:61Z', /is not a date that exists/],
    ['2025-01-17T10:00:00+25:00', /offset/],
    ['Jan 17 2025', /must be an ISO-8601/], // Date reads it in the server's time zone
    ['Fri, 17 Jan 2025 10:00:00', /must be an ISO-8601/], // no zone
    ['2025-1-7', /must be an ISO-8601/],
    ['Sun, 31 Nov 2026 00:00:00 GMT', /is not a date that exists/], // Date would roll it over to December 1
    ['30 Feb 2026 00:00:00 GMT', /is not a date that exists/],
    ['29 Nov 2026 09:00:00 +2500', /offset/],
    ['Mon, 29 Nov 2026 00:00:00 GMT', /is not a date that exists/], // 29 November 2026 is a Sunday
    ['29 Foo 2026 00:00:00 GMT', /RFC 2822/],
    ['20261301', /is not a date that exists/],
  ])('refuses %s, which Date would read leniently', (value, message) => {
    expect(() => toIsoBound('since', value)).toThrowError(message);
  });
});
