// Reads a V8 .cpuprofile (from `node --cpu-prof`) and attributes sampled time to areas: nso-multi's own
// folders (dist/render, dist/spec, ...), each npm package, Node's module loader, the rest of Node, GC, idle.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundled executables (scripts/bundle.mjs) put many modules in one dist/chunks/*.js file, each after a
// `// src/...` or `// node_modules/...` line. A frame in a chunk is given the URL its module had before
// bundling (dist/<folder>/<file>.js, node_modules/...), so areas and functions of interest still match.
const chunkRegions = new Map();

function regionsOf(url) {
  let regions = chunkRegions.get(url);
  if (regions === undefined) {
    regions = [];
    try {
      readFileSync(fileURLToPath(url), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const path = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line)?.[1];
          const nm = path?.lastIndexOf('node_modules/') ?? -1;
          if (nm >= 0) regions.push({ line: index, module: path.slice(nm) });
          else if (path?.startsWith('src/')) regions.push({ line: index, module: path });
        });
    } catch {
      // Not readable any more: the frame keeps its chunk URL.
    }
    chunkRegions.set(url, regions);
  }
  return regions;
}

function unbundledUrl(frame) {
  const { url } = frame;
  const at = url.lastIndexOf('/dist/chunks/');
  if (at < 0 || !url.startsWith('file:')) return url;
  const region = regionsOf(url).findLast((r) => r.line <= frame.lineNumber);
  if (region === undefined) return url;
  const root = url.slice(0, at + 1);
  return region.module.startsWith('src/')
    ? `${root}dist/${region.module.slice('src/'.length).replace(/\.ts$/, '.js')}`
    : `${root}${region.module}`;
}

function areaOf(frame) {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return 'idle (waiting)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)' || url === '') return 'V8/native';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm ${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + 1).split('/');
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:internal/modules')) return 'node module loader';
  if (url.startsWith('node:')) return 'node core';
  return 'other';
}

/**
 * Self time per area (ms), the total sampled, and the inclusive time of functions of interest, each given
 * as { label, name, url? } (url: a substring the function's script URL must contain).
 */
export function summarizeProfile(file, functionsOfInterest = []) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  for (const n of profile.nodes) n.callFrame = { ...n.callFrame, url: unbundledUrl(n.callFrame) };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const areas = new Map();
  const inclusive = new Map(functionsOfInterest.map((f) => [f.label, 0]));
  const matches = (frame) =>
    functionsOfInterest.find((f) => f.name === frame.functionName && (!f.url || frame.url.includes(f.url)));
  let total = 0;
  for (const [id, ms] of self) {
    total += ms;
    const area = areaOf(nodes.get(id).callFrame);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const label = matches(nodes.get(cur).callFrame)?.label;
      if (label !== undefined && !seen.has(label)) {
        seen.add(label);
        inclusive.set(label, inclusive.get(label) + ms);
      }
    }
  }
  return {
    totalMs: total,
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, ms })),
    inclusive: Object.fromEntries(inclusive),
  };
}
