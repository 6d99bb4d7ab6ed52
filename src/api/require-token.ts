import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, toErrorResponse } from './api-errors.js';

const COOKIE = 'newsfeed_token';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * What the admin cookie holds: an HMAC-SHA256 derived from API_TOKEN, never the token itself, so a
 * leaked cookie does not give the bearer token away (and cannot be used as one).
 */
export function adminCookieValue(apiToken: string): string {
  return createHmac('sha256', apiToken).update('newsfeed admin cookie v1').digest('base64url');
}

/** The credentials of `Authorization: Bearer TOKEN`; the scheme is case-insensitive (RFC 7235). */
export function bearerToken(header: string | undefined): string | null {
  const match = /^\s*bearer\s+(.+?)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

function cookieValue(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Guards admin and write endpoints with API_TOKEN: `Authorization: Bearer TOKEN`, or for a browser
 * (Bull Board) `?token=TOKEN` once, which sets an HttpOnly cookie holding a value derived from the
 * token. Without API_TOKEN they are off.
 */
export function requireToken(apiToken: string | null) {
  // The refusal is sent from the hook itself: plugins mounted behind it (Bull Board) install error
  // handlers of their own, which would turn a thrown error into a 500.
  const refuse = (reply: FastifyReply, err: ApiError) => {
    const { status, body } = toErrorResponse(err);
    return reply.code(status).send(body);
  };
  const cookieSecret = apiToken ? adminCookieValue(apiToken) : null;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    if (!apiToken || !cookieSecret) return refuse(reply, new ApiError('ADMIN_DISABLED', 'set API_TOKEN to enable admin and write endpoints'));
    const query = (request.query as Record<string, unknown> | undefined)?.token;
    if (Array.isArray(query)) return refuse(reply, new ApiError('QUERY_INVALID', 'token: give one value'));
    const token = bearerToken(request.headers.authorization) ?? (typeof query === 'string' ? query : null);
    const cookie = token === null ? cookieValue(request.headers.cookie) : null;
    const valid = token !== null ? sameSecret(token, apiToken) : cookie !== null && sameSecret(cookie, cookieSecret);
    if (!valid) return refuse(reply, new ApiError('UNAUTHORIZED', 'a valid API token is required'));
    if (typeof query === 'string') {
      reply.header('set-cookie', `${COOKIE}=${cookieSecret}; Path=/admin; HttpOnly; SameSite=Strict`);
    }
    return undefined;
  };
}
