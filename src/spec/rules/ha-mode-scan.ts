// Where each template switches the HA modes on (and which HA Raft cluster it names), read once per template
// for all the rules of one validation that ask.
import type { HaModePlaces } from '../../render/ha-mode-places.js';
import type { SpecChecks } from './rule.js';

type Scan = (file: string) => Promise<HaModePlaces | undefined>;

const scanners = new WeakMap<SpecChecks, Scan>();

// The template scan of `checks`, remembered per file; undefined for every file without `templateHaModes`.
export function haModeScanner(checks: SpecChecks): Scan {
  let scanner = scanners.get(checks);
  if (scanner === undefined) {
    const scans = new Map<string, Promise<HaModePlaces | undefined>>();
    scanner = (file) => {
      if (checks.templateHaModes === undefined) return Promise.resolve(undefined);
      let scan = scans.get(file);
      if (scan === undefined) {
        scan = checks.templateHaModes(file);
        scans.set(file, scan);
      }
      return scan;
    };
    scanners.set(checks, scanner);
  }
  return scanner;
}
