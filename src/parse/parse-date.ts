/**
 * Feed dates to ISO-8601 UTC: ISO 8601 and W3C-DTF (any precision, `T` or space, with or without a
 * zone), RFC 822/1123/2822 and their real-world variants (no weekday or no comma, full month names,
 * month names in a few European languages, two-digit years, `hhmm` times, named zones such as EST or
 * PDT, zones in parentheses or missing), and asctime. A missing zone is read as UTC.
 */

const ISO_DATE =
  /^(\d{4})(?:[-/.]?(\d{2})(?:[-/.]?(\d{2}))?)?(?:(?:T|\s+)(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$/i;

/** Month names and abbreviations: English, then French, German, Spanish, Italian, Portuguese, Dutch. */
const MONTHS: Readonly<Record<string, number>> = buildMonths([
  'jan january janv janvier januar jänner ene enero gen gennaio janeiro januari',
  'feb february fev févr fevr février fevrier februar febrero febbraio fevereiro februari',
  'mar march mars mär märz marz mrz marzo março marco mrt maart',
  'apr april avr avril abr abril aprile',
  'may mai mayo mag maggio maio mei',
  'jun june juin juni junio giu giugno junho',
  'jul july juil juillet juli julio lug luglio julho',
  'aug august août aout ago agosto augustus',
  'sep sept september septembre septiembre set settembre setembro',
  'oct october octobre okt oktober octubre ott ottobre out outubro',
  'nov november novembre noviembre novembro',
  'dec december déc dec décembre decembre dez dezember dic diciembre dicembre dezembro',
]);

function buildMonths(rows: readonly string[]): Record<string, number> {
  const months: Record<string, number> = Object.create(null) as Record<string, number>;
  rows.forEach((row, index) => {
    for (const name of row.split(' ')) months[name] = index + 1;
  });
  return months;
}

/** Named zones in minutes east of UTC (North American and the other common abbreviations); keys in lower case. */
export const ZONES: ReadonlyMap<string, number> = new Map(Object.entries({
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, ist: 330, cet: 60, met: 60, mez: 60, cest: 120, mest: 120, mesz: 120, eet: 120, eest: 180, msk: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180,
  nst: -210, ndt: -150, jst: 540, kst: 540, hkt: 480, sgt: 480, awst: 480, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
}));

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?$/;
const OFFSET = /^(?:gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Parses a feed date; returns `2025-01-17T10:00:00.000Z` or null when the value is no date. */
export function parseDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  if (text === '' || text.length > 80) return null;
  return parseRfc822Date(text) ?? parseIsoDate(text) ?? parseTextDate(text);
}

/** The form nearly every RSS feed writes (`Fri, 17 Jan 2025 10:00:00 +0000`), read without tokenizing. */
const RFC_822 = /^(?:[A-Za-z]{3},? )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ?([A-Za-z]{1,5}|[+-]\d{4})?$/;

function parseRfc822Date(text: string): string | null {
  const m = RFC_822.exec(text);
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  if (!m || month === undefined || (m[7] !== undefined && !ZONES.has(m[7].toLowerCase()) && !OFFSET.test(m[7]))) return null;
  return buildIsoDate(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), 0, readZoneOffset(m[7]));
}

function parseIsoDate(text: string): string | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const fraction = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return buildIsoDate(Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fraction, readZoneOffset(m[8]));
}

function parseTextDate(text: string): string | null {
  // A leading weekday with a comma ("Tue," "mar.,") is dropped before it can pass for a month.
  const tokens = text
    .replace(/^[^\d\s,]+,\s*/, '')
    .replace(/\b(\d{1,2})-([a-z\u00e0-\u00ff]+)\.?-(\d{2,4})\b/i, '$1 $2 $3')
    .toLowerCase()
    .split(/[\s,]+/);
  let day: number | null = null;
  let month: number | null = null;
  let year: number | null = null;
  let time: [number, number, number] | null = null;
  let offset: number | null = null;
  let pm: boolean | null = null;
  for (const raw of tokens) {
    const token = raw.replace(/^\(|\)$/g, '').replace(/\.$/, '');
    if (token === '') continue;
    const timeMatch = TIME.exec(token);
    if (timeMatch && time === null) {
      time = [Number(timeMatch[1]), Number(timeMatch[2]), Number(timeMatch[3] ?? 0)];
    } else if (/^\d{1,4}$/.test(token)) {
      const n = Number(token);
      if (token.length >= 3 && year === null) year = n;
      else if (token.length <= 2 && day === null && n >= 1 && n <= 31) day = n;
      else if (token.length <= 2 && year === null) year = expandYear(n);
      else if (token.length === 4 && time === null && n <= 2359) time = [Math.floor(n / 100), n % 100, 0];
      else return null;
    } else if (MONTHS[token] !== undefined && month === null) {
      month = MONTHS[token]!;
    } else if (token === 'am' || token === 'pm') {
      pm = token === 'pm';
    } else if (offset === null && (ZONES.has(token) || OFFSET.test(token))) {
      offset = readZoneOffset(token);
    }
  }
  if (day === null || month === null || year === null) return null;
  const [h, min, s] = time ?? [0, 0, 0];
  const hour = pm === null ? h : (h % 12) + (pm ? 12 : 0);
  return buildIsoDate(year, month, day, hour, min, s, 0, offset ?? 0);
}

function expandYear(twoDigits: number): number {
  return twoDigits < 50 ? 2000 + twoDigits : 1900 + twoDigits;
}

/** Minutes east of UTC for `Z`, `+05:30`, `-0800`, `GMT+2`, `EST`...; 0 when missing or unknown. */
function readZoneOffset(zone: string | undefined): number {
  if (!zone) return 0;
  const lower = zone.toLowerCase();
  const named = ZONES.get(lower);
  if (named !== undefined) return named;
  const m = OFFSET.exec(lower);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function buildIsoDate(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, offsetMinutes: number): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 24 || minute > 59 || second > 60) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
  // Date.UTC rolls 31 April over into May: such a day does not exist.
  if (new Date(local).getUTCDate() !== day && hour < 24) return null;
  const utc = local - offsetMinutes * 60_000;
  return Number.isFinite(utc) ? new Date(utc).toISOString() : null;
}
