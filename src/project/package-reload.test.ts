import { describe, expect, it } from 'vitest';
import {
  describePackageReload,
  PACKAGE_RELOAD_FLAG,
  PACKAGE_RELOAD_FORCE_FLAG,
  packageReload,
  packagesOf,
  startedPackagesOf,
} from './package-reload.js';

const router = { name: 'router', source: '/pkgs/router' };
const ned = { name: 'ned', source: '/pkgs/ned' };

describe('packageReload', () => {
  it('reloads nothing when the spec packages are those of the last start', () => {
    expect(packageReload([router, ned], [ned, router], true)).toBeNull();
    expect(packageReload([], [], true)).toBeNull();
  });

  it('reloads with --with-package-reload when packages were added', () => {
    expect(packageReload([router], [router, ned], true)).toEqual({
      added: ['ned'],
      removed: [],
      unrecorded: false,
      flag: PACKAGE_RELOAD_FLAG,
    });
  });

  it('counts a package whose folder now comes from elsewhere as added', () => {
    expect(packageReload([router], [{ name: 'router', source: '/other/router' }], true)?.added).toEqual([
      'router',
    ]);
  });

  it('forces the reload when a package was removed (NSO aborts a plain reload that deletes modules)', () => {
    expect(packageReload([router, ned], [router], false)).toEqual({
      added: [],
      removed: ['ned'],
      unrecorded: false,
      flag: PACKAGE_RELOAD_FORCE_FLAG,
    });
  });

  it('without a record, reloads a set that is not empty when NSO has run before, and never else', () => {
    expect(packageReload(undefined, [router], false)).toBeNull();
    expect(packageReload(undefined, [router], true)).toEqual({
      added: ['router'],
      removed: [],
      unrecorded: true,
      flag: PACKAGE_RELOAD_FLAG,
    });
    expect(packageReload(undefined, [], true)).toBeNull();
  });
});

describe('recorded packages', () => {
  it("takes render's run-dir contents as name and source", () => {
    expect(packagesOf({ packages: [{ ...router, mode: 'link', target: '../x' }], cdbInit: [] })).toEqual([
      router,
    ]);
    expect(packagesOf(undefined)).toEqual([]);
  });

  it('ignores a malformed record in a hand-edited state', () => {
    expect(startedPackagesOf('router')).toBeUndefined();
    expect(startedPackagesOf([router, { name: 1 }, null])).toEqual([router]);
  });

  it('says what changed and which flag is used', () => {
    expect(
      describePackageReload(packageReload([router, ned], [router, { name: 'x', source: '/x' }], true)!),
    ).toBe(`reloading packages (added x; removed ned: ${PACKAGE_RELOAD_FORCE_FLAG})`);
  });
});
