import type { FeedPollHints } from '../model.js';
import { findChild, getText, type XmlElement } from './xml-tree.js';

const PERIOD_MINUTES = { hourly: 60, daily: 1440, weekly: 10080, monthly: 43200, yearly: 525600 } as const;

/** RSS `<ttl>` and `sy:updatePeriod` / `sy:updateFrequency` as minutes; absent or nonsensical values are left out. */
export function readPollHints(channel: XmlElement): FeedPollHints {
  const hints: FeedPollHints = {};
  const ttl = findChild(channel, 'ttl', ['']);
  const ttlMinutes = ttl ? Number.parseInt(getText(ttl).trim(), 10) : Number.NaN;
  if (Number.isFinite(ttlMinutes) && ttlMinutes > 0) hints.ttlMinutes = ttlMinutes;

  const period = findChild(channel, 'updateperiod', ['sy']);
  const frequency = findChild(channel, 'updatefrequency', ['sy']);
  if (period || frequency) {
    const name = period ? getText(period).trim().toLowerCase() : 'daily';
    const minutes = Object.hasOwn(PERIOD_MINUTES, name) ? PERIOD_MINUTES[name as keyof typeof PERIOD_MINUTES] : undefined;
    const times = frequency ? Number.parseInt(getText(frequency).trim(), 10) : 1;
    if (minutes !== undefined && Number.isFinite(times) && times > 0) hints.updatePeriodMinutes = Math.max(1, Math.round(minutes / times));
  }
  return hints;
}
