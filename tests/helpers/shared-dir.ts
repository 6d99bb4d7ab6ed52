import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The workplace's read-only shared folder (seed article, corpora, datasets): TEST_SHARED_DIR
 * when set (.ci/run sets it for a clone made elsewhere), else `../shared` beside the repository.
 */
export const SHARED_DIR = process.env.TEST_SHARED_DIR ?? path.resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared');

/** Absolute path of a file under the shared folder. */
export function sharedPath(relative: string): string {
  return path.join(SHARED_DIR, relative);
}

export function sharedPresent(relative: string): boolean {
  return existsSync(sharedPath(relative));
}
