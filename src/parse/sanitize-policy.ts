/** The sanitiser's allow-lists. Anything not listed is removed: the element unwrapped, the attribute dropped. */

/** Attributes every allowed element may keep. */
export const GLOBAL_ATTRIBUTES = ['title', 'lang', 'dir'] as const;

/** Allowed elements and the attributes each may keep besides the global ones. */
export const ALLOWED_ELEMENTS = {
  a: ['href', 'hreflang'],
  abbr: [],
  acronym: [],
  address: [],
  article: [],
  aside: [],
  audio: ['src', 'controls', 'loop', 'muted', 'preload'],
  b: [],
  bdi: [],
  bdo: [],
  big: [],
  blockquote: ['cite'],
  br: [],
  caption: [],
  center: [],
  cite: [],
  code: [],
  col: ['span'],
  colgroup: ['span'],
  dd: [],
  del: ['cite', 'datetime'],
  details: ['open'],
  dfn: [],
  div: [],
  dl: [],
  dt: [],
  em: [],
  figcaption: [],
  figure: [],
  footer: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  header: [],
  hr: [],
  i: [],
  iframe: ['src', 'width', 'height', 'allowfullscreen'],
  img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height'],
  ins: ['cite', 'datetime'],
  kbd: [],
  li: ['value'],
  main: [],
  mark: [],
  ol: ['start', 'type', 'reversed'],
  p: [],
  picture: [],
  pre: [],
  q: ['cite'],
  rp: [],
  rt: [],
  ruby: [],
  s: [],
  samp: [],
  section: [],
  small: [],
  source: ['src', 'srcset', 'sizes', 'type', 'media'],
  span: [],
  strike: [],
  strong: [],
  sub: [],
  summary: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['colspan', 'rowspan', 'headers', 'scope'],
  tfoot: [],
  th: ['colspan', 'rowspan', 'headers', 'scope'],
  thead: [],
  time: ['datetime'],
  tr: [],
  track: ['src', 'kind', 'srclang', 'label'],
  tt: [],
  u: [],
  ul: [],
  var: [],
  video: ['src', 'poster', 'controls', 'width', 'height', 'loop', 'muted', 'preload', 'playsinline'],
  wbr: [],
} as const satisfies Record<string, readonly string[]>;

/**
 * Elements removed together with everything inside them. Others not allowed (object, embed, font...) are
 * unwrapped: their tags go, their (fallback) content stays and is cleaned like the rest.
 */
export const DROPPED_WITH_CONTENT = [
  'script', 'style', 'template', 'frame', 'frameset', 'noframes', 'noembed', 'head', 'title',
  'form', 'textarea', 'select', 'button', 'datalist', 'svg', 'math', 'canvas', 'xmp', 'plaintext', 'iframe',
] as const;

/** Elements without content or end tag. */
export const VOID_ELEMENTS = ['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'] as const;

/** Attributes holding a URL, checked and made absolute. `srcset` holds a list of them. */
export const URL_ATTRIBUTES = ['href', 'src', 'cite', 'poster'] as const;

/** Schemes a link may use; embedded resources (src, poster, srcset) are limited to http and https. */
export const LINK_SCHEMES = ['http:', 'https:', 'mailto:', 'ftp:', 'tel:'] as const;
export const RESOURCE_SCHEMES = ['http:', 'https:'] as const;

/** Hosts whose players may be embedded in an iframe (any other iframe is removed with its content). */
export const IFRAME_HOSTS = [
  'www.youtube.com', 'youtube.com', 'm.youtube.com', 'www.youtube-nocookie.com', 'youtube-nocookie.com', 'player.vimeo.com',
  'www.dailymotion.com', 'dailymotion.com', 'geo.dailymotion.com', 'player.twitch.tv', 'open.spotify.com', 'w.soundcloud.com',
  'embed.ted.com', 'player.bilibili.com',
] as const;

/** Added to every kept iframe: the player may run its own scripts, never the page's. */
export const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation';
