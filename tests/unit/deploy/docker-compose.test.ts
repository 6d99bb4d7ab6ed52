import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_KEYS } from '../../../src/config/load-config.js';

/** docker-compose.yml cannot run here (no Docker engine): check that it says what .ci/run does natively. */
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; ports?: string[]; container_name?: string; depends_on?: Record<string, unknown> }>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  it('runs redis with persistence and noeviction, and postgres', () => {
    expect(compose.services.redis?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    expect(compose.services.postgres?.image).toMatch(/^postgres:15/);
  });

  it.each([
    ['scheduler', 'scheduler'],
    ['fetcher', 'fetcher'],
    ['ingester', 'ingester'],
    ['api', 'api'],
  ])('runs the %s service as `newsfeed start --role %s` from the one image', (service, role) => {
    const s = compose.services[service]!;
    expect(s.build).toBe('.');
    expect(s.command).toEqual(['start', '--role', role]);
    expect(s.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(s.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(Object.keys(s.depends_on ?? {})).toEqual(['redis', 'postgres']);
    for (const name of Object.keys(s.environment ?? {})) expect(Object.keys(ENV_KEYS)).toContain(name);
  });

  it('lets fetchers and ingesters scale (no fixed name or port)', () => {
    for (const service of ['fetcher', 'ingester']) {
      expect(compose.services[service]?.container_name).toBeUndefined();
      expect(compose.services[service]?.ports).toBeUndefined();
    }
    expect(compose.services.api?.ports).toEqual(['8080:8080']);
  });

  it('builds an image that starts the CLI', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/FROM node:20/);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/newsfeed.js"]');
    expect(dockerfile).toContain('npm ci');
  });
});
