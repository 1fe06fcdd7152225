import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Docker's .dockerignore rules (Go's filepath.Match per segment plus `**`, `!` re-includes, last match wins),
// enough to tell what `COPY . .` would put into the image.
function toMatcher(pattern: string): RegExp {
  const source = pattern
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((segment) =>
      segment === '**'
        ? '(?:.*)'
        : segment
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/')
    .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
  // A pattern matching a folder excludes everything under it.
  return new RegExp(`^${source}(?:/.*)?$`);
}

function isExcluded(rules: string[], file: string): boolean {
  let excluded = false;
  for (const rule of rules) {
    const isInclude = rule.startsWith('!');
    if (toMatcher(isInclude ? rule.slice(1) : rule).test(file)) excluded = !isInclude;
  }
  return excluded;
}

const rules = readFileSync(new URL('../.dockerignore', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe('the Docker build context', () => {
  it('leaves out local state: the embedded database, env files, installs and builds', () => {
    const local = [
      '.data/postgres/PG_VERSION',
      '.data/postgres-password',
      '.data/audit.key',
      'api/.data/postgres/base/1/1259',
      '.env',
      '.env.production',
      'collab-server/.env',
      'node_modules/zod/package.json',
      'client/node_modules/.vite/deps/react.js',
      'client/dist/index.html',
      'prisma/src/generated/client.ts',
      '.git/config',
      'bench/results/latest.json',
    ];
    expect(local.filter((file) => !isExcluded(rules, file))).toEqual([]);
  });

  it('keeps what the image builds from', () => {
    const needed = [
      'package.json',
      'package-lock.json',
      'api/src/main.ts',
      'prisma/schema.prisma',
      'prisma/migrations/migration_lock.toml',
      'client/index.html',
      'client/src/main.tsx',
      'shared/src/env.ts',
      'scripts/start.ts',
      'bench/results/.gitkeep',
    ];
    expect(needed.filter((file) => isExcluded(rules, file))).toEqual([]);
  });
});
