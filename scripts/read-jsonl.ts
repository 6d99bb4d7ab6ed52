import { readFileSync } from 'node:fs';

/** The objects of a JSON-lines file (the datasets in ../shared), blank lines skipped. */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}
