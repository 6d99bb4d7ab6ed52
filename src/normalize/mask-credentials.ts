/** `scheme://user:password@` in a URL or a message: the password part. */
const USER_INFO_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^/\s@]*@/gi;

/**
 * The text with the password of every URL in it masked: `https://user:***@host/feed`. A feed or a
 * webhook URL may carry credentials (HTTP basic auth); the API, the CLI's listings and the stories'
 * sources show them so, while the store keeps them to use them.
 */
export function maskCredentials(text: string): string {
  return text.replace(USER_INFO_PASSWORD, '$1:***@');
}
