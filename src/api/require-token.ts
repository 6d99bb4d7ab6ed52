import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, toErrorResponse } from './api-errors.js';

const COOKIE = 'newsfeed_token';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * Guards admin and write endpoints with API_TOKEN: `Authorization: Bearer TOKEN`, or for a browser
 * (Bull Board) `?token=TOKEN` once, which sets an HttpOnly cookie. Without API_TOKEN they are off.
 */
export function requireToken(apiToken: string | null) {
  // The refusal is sent from the hook itself: plugins mounted behind it (Bull Board) install error
  // handlers of their own, which would turn a thrown error into a 500.
  const refuse = (reply: FastifyReply, err: ApiError) => {
    const { status, body } = toErrorResponse(err);
    return reply.code(status).send(body);
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    if (!apiToken) return refuse(reply, new ApiError('ADMIN_DISABLED', 'set API_TOKEN to enable admin and write endpoints'));
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const query = (request.query as Record<string, unknown> | undefined)?.token;
    const candidate = bearer ?? (typeof query === 'string' ? query : null) ?? cookieToken(request.headers.cookie);
    if (!candidate || !sameSecret(candidate, apiToken)) return refuse(reply, new ApiError('UNAUTHORIZED', 'a valid API token is required'));
    if (typeof query === 'string') {
      reply.header('set-cookie', `${COOKIE}=${encodeURIComponent(query)}; Path=/admin; HttpOnly; SameSite=Strict`);
    }
    return undefined;
  };
}
