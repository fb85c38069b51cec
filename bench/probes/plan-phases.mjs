#!/usr/bin/env node
// What `nso-multi plan --json` spends its time on, phase by phase, in one fresh process: loading the modules,
// loading and validating the spec, preparing the plan (state, leases, probes), rendering every instance's
// ncs.conf and env text, and printing the JSON. Uses dist/ internals, so it is a diagnostic, not an API user.
// Usage (in a project folder): node bench/probes/plan-phases.mjs. Prints one JSON object of milliseconds:
// wall time per phase, and under `cpu` the process's CPU time (user + system) per phase, which other load on
// the machine disturbs far less than wall time.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const c0 = cpuMs();
const t0 = performance.now();
const dist = new URL('../../dist/', import.meta.url);
const [{ loadSpec }, { preparePlan }, { renderInstanceTexts }, { planDocument }, { createPortProbe }] =
  await Promise.all([
    import(new URL('spec/load-spec.js', dist)),
    import(new URL('project/prepare-plan.js', dist)),
    import(new URL('project/instance-texts.js', dist)),
    import(new URL('project/plan-document.js', dist)),
    import(new URL('host/port-probe.js', dist)),
  ]);
const t1 = performance.now();
const c1 = cpuMs();
const { spec } = await loadSpec({ cwd: process.cwd() });
const t2 = performance.now();
const c2 = cpuMs();

const real = createPortProbe();
let probes = 0;
let firstProbe = Number.POSITIVE_INFINITY;
let lastProbe = 0;
const probe = {
  async probe(address, port) {
    probes++;
    firstProbe = Math.min(firstProbe, performance.now());
    try {
      return await real.probe(address, port);
    } finally {
      lastProbe = performance.now();
    }
  },
};
const prepared = await preparePlan({ cwd: process.cwd(), spec, probe });
const t3 = performance.now();
const c3 = cpuMs();
await renderInstanceTexts(prepared.plan, { checkOnly: true });
const t4 = performance.now();
const c4 = cpuMs();
const json = JSON.stringify(planDocument(prepared.plan), null, 2);
const t5 = performance.now();
const c5 = cpuMs();

console.log(
  JSON.stringify({
    imports: t1 - t0,
    loadSpec: t2 - t1,
    preparePlan: t3 - t2,
    probing: probes > 0 ? lastProbe - firstProbe : 0,
    renderTexts: t4 - t3,
    printJson: t5 - t4,
    probes,
    bytes: json.length,
    cpu: {
      imports: c1 - c0,
      loadSpec: c2 - c1,
      preparePlan: c3 - c2,
      renderTexts: c4 - c3,
      printJson: c5 - c4,
    },
  }),
);
