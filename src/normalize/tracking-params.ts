/**
 * Query parameters that only say how a reader arrived (campaign, click id, share channel) and
 * never which document is served. `canonicalUrl` drops them.
 */

/** Dropped whatever their value (names compared lower-cased). */
export const TRACKING_PARAMS = new Set([
  // Click ids of ad and social platforms.
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'igshid', 'twclid',
  'ttclid', 'li_fat_id', 'epik', 'srsltid',
  // Mailchimp, HubSpot, Marketo, Vero, Oracle Eloqua, Piano/Olytics.
  'mc_cid', 'mc_eid', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', 'mkt_tok',
  'vero_id', 'vero_conv', 'elqtrackid', 'elqtrack', 'elq', 'elqcampaignid', 'oly_anon_id', 'oly_enc_id',
  // Google Analytics linkers.
  '_ga', '_gl', '_gac',
  // Publisher campaign codes (Guardian CMP, NYT smid, Telegraph ito, BBC/comScore ns_*, Adobe s_cid).
  'cmp', 'cmpid', 'smid', 'smtyp', 'ito', 's_cid', 'ns_mchannel', 'ns_source', 'ns_campaign',
  'ns_linkname', 'ns_fee', 'ocid', 'sh', 'sr_share', 'share', 'wt.mc_id', 'wt.tsrc', 'at_medium',
  'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4', 'rss_source',
  // Twitter share suffix.
  'ref_src', 'ref_url',
]);

/** Dropped whatever their value: every parameter starting with one of these. */
export const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hmb_', 'ga_'] as const;

/**
 * `ref`, `source` and `src` carry real meaning on some sites (`?ref=main` on a code host), so they
 * are dropped only when the value names a distribution channel.
 */
export const CHANNEL_PARAMS = new Set(['ref', 'source', 'src', 'from', 'via', 'feature']);

const CHANNEL_VALUE =
  /^(?:[a-z0-9]+[_.-])?(?:rss|atom|feed|feeds|feedburner|twitter|tw|twsrc.*|x|facebook|fb|linkedin|reddit|social|newsletter|email|e-?mail|mail|share|sharebar|sharing|push|app|hp|homepage|home|nav|navbar|sidebar|widget|related|recirc|trending|mobile|amp|google|gnews|googlenews|news_?feed|flipboard|whatsapp|telegram|copy_?link)(?:[_.-][a-z0-9]+)?$/i;

/** True when the parameter (name as found, value percent-decoded) only tracks. */
export function isTrackingParam(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (TRACKING_PARAMS.has(lower)) return true;
  for (const prefix of TRACKING_PREFIXES) if (lower.startsWith(prefix)) return true;
  if (CHANNEL_PARAMS.has(lower)) return CHANNEL_VALUE.test(value);
  return false;
}
