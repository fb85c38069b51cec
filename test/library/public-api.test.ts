// The library's public surface: what `nso-multi`, `nso-multi/export` and `nso-multi/vitest` export, so that a
// name is added or removed on purpose (docs/library.md lists them and the changes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as exportApi from '../../src/export/index.js';
import * as api from '../../src/index.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('the public API', () => {
  it('nso-multi exports the operations (logs and reload among them), startCluster, loadSpec, the error type and instanceProcessEnv', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'doctor',
        'down',
        'exportCompose',
        'exportK8s',
        'formatProblem',
        'gc',
        'instanceProcessEnv',
        'isNsoMultiError',
        'loadSpec',
        'logs',
        'NsoMultiError',
        'plan',
        'planDocument',
        'readInstanceEnv',
        'reload',
        'render',
        'startCluster',
        'status',
        'stopCluster',
        'up',
      ].sort(),
    );
  });

  it('nso-multi/export holds the export operations and the pieces they are made of', () => {
    expect(Object.keys(exportApi).sort()).toEqual(
      ['composeFileText', 'containerInstances', 'exportCompose', 'exportK8s', 'k8sManifests'].sort(),
    );
  });

  it('package.json maps each subpath to a module the build writes', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { import?: string; types?: string } | string>;
    };
    const entries = Object.entries(pkg.exports).filter(([, target]) => typeof target !== 'string');
    expect(entries.map(([path]) => path).sort()).toEqual(['.', './export', './vitest']);
    for (const [, target] of entries) {
      const { import: js, types } = target as { import: string; types: string };
      const source = js.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
      expect(readFileSync(join(REPO_ROOT, source), 'utf8').length, source).toBeGreaterThan(0);
      expect(types).toBe(js.replace(/\.js$/, '.d.ts'));
    }
  });
});
