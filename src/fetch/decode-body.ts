import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FetchError } from './errors.js';

/** A response body after Content-Encoding was undone. */
export interface DecodedBody {
  body: Buffer;
  /** sha256 hex of `body`. */
  bodyHash: string;
  /** Length of `body` (decoded bytes). */
  bytes: number;
}

/** Truncated gzip/deflate streams (common on real servers) yield what was received instead of failing. */
const ZLIB_OPTIONS: zlib.ZlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS: zlib.BrotliOptions = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/** `deflate` is a zlib stream per RFC 9110 but some servers send raw deflate: decide on the first bytes. */
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inner) {
      const [a = 0, b] = chunk;
      const wrapped = (a & 0x0f) === 8 && (a >> 4) <= 7 && (b === undefined || ((a << 8) | b) % 31 === 0);
      this.inner = wrapped ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
      this.inner.on('data', (d: Buffer) => this.push(d));
      this.inner.on('error', (e) => this.destroy(e));
    }
    if (this.inner.write(chunk)) callback();
    else this.inner.once('drain', () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner) return callback();
    this.inner.once('end', () => callback());
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }
}

function createDecoder(encoding: string, url: string): Transform {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_OPTIONS);
    case 'deflate':
      return new DeflateDecoder();
    case 'br':
      return zlib.createBrotliDecompress(BROTLI_OPTIONS);
    default:
      throw new FetchError('FETCH_DECOMPRESS', `unsupported Content-Encoding "${encoding}"`, { details: { url, encoding } });
  }
}

/**
 * Streams `res` through its Content-Encoding decoders into memory, hashing as it goes, and stops
 * (destroying the response and its socket) as soon as the decoded size passes `maxBytes`.
 * Throws FETCH_TOO_LARGE, FETCH_DECOMPRESS, or the raw stream error (the caller maps it).
 */
export async function readDecodedBody(res: IncomingMessage, opts: { maxBytes: number; url: string }): Promise<DecodedBody> {
  const { maxBytes, url } = opts;
  const encodings = (res.headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'identity')
    .reverse();
  const declared = Number(res.headers['content-length']);
  if (encodings.length === 0 && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge(url, maxBytes, declared);
  }
  let decoders: Transform[];
  try {
    decoders = encodings.map((e) => createDecoder(e, url));
  } catch (err) {
    // An encoding we cannot decode: the body is never read, so the socket must be let go here.
    res.destroy();
    throw err;
  }
  let decodeError: Error | null = null;
  for (const d of decoders) d.once('error', (e) => (decodeError ??= e));

  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) return callback(tooLarge(url, maxBytes));
      chunks.push(chunk);
      hash.update(chunk);
      callback();
    },
  });
  try {
    await pipeline([res, ...decoders, sink]);
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (decodeError) {
      const reason: Error = decodeError;
      throw new FetchError('FETCH_DECOMPRESS', `cannot decode ${encodings.join(', ')} body: ${reason.message}`, { details: { url }, cause: reason });
    }
    throw err;
  }
  return { body: Buffer.concat(chunks, bytes), bodyHash: hash.digest('hex'), bytes };
}

function tooLarge(url: string, maxBytes: number, declared?: number): FetchError {
  const what = declared === undefined ? 'body exceeds' : `declared Content-Length ${declared} exceeds`;
  return new FetchError('FETCH_TOO_LARGE', `${what} the ${maxBytes}-byte cap`, { details: { url, maxBytes } });
}
