// The lines `nso-multi reload` prints on stderr as it goes, one per event, each naming its instance or package.
import { basename } from 'node:path';
import { describePackageStatus } from '../nso/package-status.js';
import { packagesNotUp, type ReloadEvent } from '../project/reload-outcome.js';

const MARK = { step: '›', done: '✔', skipped: '↓', failed: '✖' } as const;

const seconds = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;

// The lines for one event (notices are printed by the caller); none for events that show nothing.
export function reloadLines(event: ReloadEvent): string[] {
  switch (event.type) {
    case 'build': {
      const { build } = event;
      const name = basename(build.folder);
      if (build.result === 'building') return [`${MARK.step} ${name}: make -C ${build.folder}/src`];
      if (build.result === 'no-makefile')
        return [`${MARK.skipped} ${name}: no src/Makefile, nothing to build`];
      if (build.result === 'built') return [`${MARK.done} ${name}: built (${seconds(build.ms)})`];
      return [
        `${MARK.failed} ${name}: build failed${build.exitCode === undefined ? '' : ` (exit ${build.exitCode})`}`,
      ];
    }
    case 'rendered':
      return [];
    case 'reloading': {
      const why = [
        ...(event.removed.length > 0 ? [`force: removes ${event.removed.join(', ')} and its data`] : []),
        ...(event.force && event.removed.length === 0 ? ['force'] : []),
        ...(event.followers.length > 0 ? [`HA Raft leader of ${event.followers.join(', ')}`] : []),
      ];
      return [
        `${MARK.step} ${event.instance}: packages reload${why.length > 0 ? ` (${why.join('; ')})` : ''}`,
      ];
    }
    case 'reloaded': {
      const { outcome } = event;
      if (outcome.result === 'skipped') return [`${MARK.skipped} ${outcome.instance}: ${outcome.reason}`];
      if (outcome.result === 'failed') return [`${MARK.failed} ${outcome.instance}: ${outcome.reason}`];
      const packages = outcome.packages ?? [];
      const bad = packagesNotUp(outcome);
      const how =
        outcome.result === 'replicated' ? `got the packages of its leader ${outcome.leader}` : 'reloaded';
      const up =
        packages.length === 0
          ? 'no packages'
          : `${packages.length - bad.length} of ${packages.length} package(s) up`;
      const mark = bad.length > 0 ? MARK.failed : MARK.done;
      return [
        `${mark} ${outcome.instance}: ${how}, ${up} (${seconds(outcome.ms)})`,
        ...bad.map((p) => `    ${describePackageStatus(p)}`),
      ];
    }
  }
}
