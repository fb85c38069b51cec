// Loads the spec, reads what earlier runs assigned and what the host holds, and allocates: the plan, unwritten.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readEphemeralRange } from '../host/ephemeral-range.js';
import { createPortProbe } from '../host/port-probe.js';
import { allocateLeased, type LeasedPorts, reservedPorts } from '../leases/lease-ports.js';
import { hostVerdictSources, openLeaseRegistry } from '../leases/lease-registry.js';
import type { Plan, PortProbe, PortRange, Spec } from '../model.js';
import { STATE_FILE_NAME } from '../model.js';
import type { Notice } from '../notice.js';
import { withAdditionalListen } from '../plan/additional-listeners.js';
import { allocatePorts } from '../plan/allocate-ports.js';
import { buildPlan, enabledListeners } from '../plan/build-plan.js';
import { checkLocalIpc } from '../plan/local-ipc-check.js';
import { netsimDeviceCount } from '../plan/netsim-plan.js';
import { loadSpec } from '../spec/load-spec.js';
import { previousPorts, type StateDocument } from '../state/state-document.js';
import { readState } from '../state/state-file.js';
import { additionalListenNotices } from './additional-listener-notices.js';
import { renderInstanceTexts } from './instance-texts.js';
import { settleTemplateListeners } from './settle-template-listeners.js';

/** What plan and render return: the plan (render's is written) and what the user should know about it. */
export interface PlanResult {
  plan: Plan;
  notices: Notice[];
}

export interface PlanOptions {
  /** The spec file; searched from `cwd` upwards when not given. */
  config?: string;
  /** Where relative paths and the search start; default process.cwd(). */
  cwd?: string;
  /** Target NSO version when the spec has none; default `ncs --version`, else 6.2. */
  nsoVersion?: string;
  /** Overrides the spec's workdir and envDir (relative to cwd): a separate project namespace, e.g. per test worker. */
  workdir?: string;
  envDir?: string;
  /** The host-wide lease registry's folder; default NSO_MULTI_LEASE_DIR, $XDG_RUNTIME_DIR/nso-multi or /tmp. */
  leaseDir?: string;
  /** Accept IPC on an address other than loopback without the access check (--allow-insecure-ipc). */
  allowInsecureIpc?: boolean;
  /** Where news about the state file goes (a corrupt one rebuilt); default a process warning. */
  onNotice?: (notice: Notice) => void;
  /** Seams for tests: the port probe and the OS ephemeral range. */
  probe?: PortProbe;
  ephemeral?: PortRange;
}

/** What `up` adds: an already loaded spec, the instances that run now, and how to ask ncs its version. */
export interface PrepareOptions extends PlanOptions {
  spec?: Spec;
  running?: ReadonlySet<string>;
  detectVersion?: () => Promise<string | undefined>;
  /** Lease the plan's ports in the host-wide registry (render, up); without it leases are only read. */
  lease?: boolean;
}

export interface PreparedPlan {
  spec: Spec;
  plan: Plan;
  state: StateDocument | undefined;
  specHash: string;
  notices: Notice[];
}

// Plans without writing anything: what `render` would produce, with the ports it would assign. Lives here, not
// in render.ts, so that `nso-multi plan` does not load the modules that write files.
export async function plan(options: PlanOptions = {}): Promise<PlanResult> {
  const prepared = await preparePlan(options);
  const { notices } = await renderInstanceTexts(prepared.plan, {
    checkOnly: true,
    snmpInstall: { ncsCommand: prepared.spec.ncs.command },
  });
  return { plan: prepared.plan, notices: [...prepared.notices, ...notices] };
}

// Produces the plan for every instance of the spec without writing anything.
export async function preparePlan(options: PrepareOptions = {}): Promise<PreparedPlan> {
  const cwd = options.cwd ?? process.cwd();
  const spec = await settleTemplateListeners(options.spec ?? (await loadPlanSpec({ ...options, cwd })), {
    allowInsecureIpc: options.allowInsecureIpc === true,
  });
  const [specText, state, ephemeral, detected] = await Promise.all([
    readFile(spec.file),
    readState(join(spec.workdir, STATE_FILE_NAME)),
    options.ephemeral ?? readEphemeralRange(),
    spec.nso.version ?? options.nsoVersion ?? (options.detectVersion ?? detectVersionLazily)(),
  ]);
  const nsoVersion = detected ?? (await import('../ncs/nso-version.js')).FALLBACK_NSO_VERSION;
  checkLocalIpc(spec, nsoVersion);
  const stateFile = join(spec.workdir, STATE_FILE_NAME);
  const allocate = ({ reserved, yielding }: LeasedPorts) =>
    allocatePorts(
      {
        layout: spec.layout,
        instances: spec.instances.map((instance, i) => ({
          name: instance.name,
          index: i + 1,
          listeners: withAdditionalListen(
            instance,
            enabledListeners(instance).map((l) => ({ ...l, pinned: instance.ports[l.key] })),
          ),
          netsimDevices: netsimDeviceCount(instance.netsim),
        })),
        previous: previousPorts(state),
        ephemeral,
        reserved,
        yielding,
        ...(options.running ? { running: options.running } : {}),
      },
      options.probe ?? createPortProbe(),
    );
  const registry = openLeaseRegistry(options.leaseDir);
  const { ports, moves, takeovers } = options.lease
    ? (
        await allocateLeased(registry, stateFile, hostVerdictSources, async (leased) => {
          const result = await allocate(leased);
          return { result, assigned: result.ports };
        })
      ).result
    : await allocate(await reservedPorts(registry, stateFile, hostVerdictSources));
  const plan = buildPlan(spec, ports, moves, nsoVersion);
  const notices: Notice[] = moves.map((m) => ({
    level: 'warning',
    instance: m.instance,
    message: `${m.instance} ${m.key}: ${m.reason}; using ${m.to}`,
  }));
  for (const t of takeovers) {
    notices.push({
      level: 'warning',
      instance: t.instance,
      message: `${t.instance} ${t.key}: took over port ${t.port}, leased by the project of ${t.project}, which runs nothing; that project moves it on its next render`,
    });
  }
  notices.unshift(...additionalListenNotices(spec));
  const specHash = createHash('sha256').update(specText).digest('hex');
  return { spec, plan, state, specHash, notices };
}

// Loads the spec for plan, render and up: refuses exposed IPC unless allowed, checks the folders render writes
// (those of the spec; overridden ones are the caller's), then applies the overrides.
export async function loadPlanSpec(options: PlanOptions): Promise<Spec> {
  const { spec } = await loadSpec({
    config: options.config,
    cwd: options.cwd,
    allowInsecureIpc: options.allowInsecureIpc === true,
    checkFolders: options.workdir === undefined && options.envDir === undefined,
  });
  return withOverrides(spec, options);
}

// Asks ncs for its version. Imported only when the spec names no version: finding and running ncs needs modules
// (node:child_process among them) that a plan with a version never uses.
async function detectVersionLazily(): Promise<string | undefined> {
  return (await import('../ncs/nso-version.js')).detectNsoVersion();
}

// Applies the workdir/envDir overrides of the options to a loaded spec.
export function withOverrides(
  spec: Spec,
  options: { cwd?: string; workdir?: string; envDir?: string },
): Spec {
  const cwd = options.cwd ?? process.cwd();
  return {
    ...spec,
    ...(options.workdir === undefined ? {} : { workdir: resolve(cwd, options.workdir) }),
    ...(options.envDir === undefined ? {} : { envDir: resolve(cwd, options.envDir) }),
  };
}
