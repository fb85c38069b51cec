// Kubernetes names for nso-multi's instances, projects, namespaces and ports: what the API server accepts,
// mapped deterministically from names it may not, and refused where two would end up the same.
import { createHash } from 'node:crypto';
import { NsoMultiError } from '../errors.js';

/** The longest object base name: a StatefulSet's pods carry `controller-revision-hash: <name>-<10 chars>`,
 * a label value of at most 63 characters. */
export const MAX_BASE_NAME = 52;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** The names of one instance's objects and the label values that select its pod. */
export interface K8sInstanceNames {
  instance: string;
  /** The StatefulSet and the ClusterIP Service; the ConfigMap, Secret and headless Service add a suffix. */
  base: string;
  /** `app.kubernetes.io/instance`: the instance name itself where it is a valid label value. */
  instanceLabel: string;
}

// Whether a name is a DNS-1123 label (namespaces, and the names of pods' services and ports build on it).
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

// Refuses a namespace that Kubernetes would reject, before anything is written.
export function checkNamespace(namespace: string): void {
  if (isDnsLabel(namespace)) return;
  throw new NsoMultiError(
    'USAGE',
    `--namespace ${JSON.stringify(namespace)} is not a valid Kubernetes namespace`,
    {
      hint: 'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. lab',
    },
  );
}

// A DNS-1035 label for an instance (a Service name must start with a letter): lowercased, other characters
// replaced by "-", prefixed with "nso-" when it would not start with a letter, and cut to MAX_BASE_NAME with
// a hash of the original name when longer.
export function dnsBaseName(name: string): string {
  let mapped = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(mapped)) mapped = mapped === '' ? 'nso' : `nso-${mapped}`;
  if (mapped.length <= MAX_BASE_NAME) return mapped;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${mapped.slice(0, MAX_BASE_NAME - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

// A label value for a name: kept as it is when valid, else cut to 63 characters and trimmed to start and end
// with a letter or digit.
export function labelValue(name: string): string {
  if (name.length <= 63 && LABEL_VALUE.test(name)) return name;
  const mapped = name
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return mapped === '' ? 'nso' : mapped;
}

// The headless Service of an instance's StatefulSet, which names its pod in DNS.
export function headlessServiceName(base: string): string {
  return `${base}-headless`;
}

// The names of an instance's objects beside its StatefulSet and ClusterIP Service (which are `base` itself).
export function instanceObjectNames(base: string): { configMap: string; secret: string; headless: string } {
  return { configMap: `${base}-ncs-conf`, secret: `${base}-ipc-secret`, headless: headlessServiceName(base) };
}

// The DNS name of an instance's pod within its namespace: `<statefulset>-0.<headless service>`, resolvable
// from every pod of the namespace (its search domains) and, with publishNotReadyAddresses, while it starts.
export function podHost(instance: string): string {
  const base = dnsBaseName(instance);
  return `${base}-0.${headlessServiceName(base)}`;
}

// The names of every instance's objects; two instances that would share a name or a selector are refused.
export function instanceNames(names: readonly string[]): K8sInstanceNames[] {
  const result = names.map((instance) => ({
    instance,
    base: dnsBaseName(instance),
    instanceLabel: labelValue(instance),
  }));
  refuseCollision(result, 'base', 'Kubernetes object name');
  refuseCollision(result, 'instanceLabel', 'app.kubernetes.io/instance label');
  return result;
}

function refuseCollision(names: K8sInstanceNames[], field: 'base' | 'instanceLabel', what: string): void {
  const seen = new Map<string, string>();
  for (const entry of names) {
    const other = seen.get(entry[field]);
    if (other !== undefined) {
      throw new NsoMultiError(
        'SPEC_INVALID',
        `instances ${JSON.stringify(other)} and ${JSON.stringify(entry.instance)} both become the ${what} ${JSON.stringify(entry[field])}`,
        {
          hint: 'rename one of them: Kubernetes names are lowercase letters, digits and "-", at most 52 characters here, so names that differ only in case, "_" or beyond that length collide',
          instance: entry.instance,
        },
      );
    }
    seen.set(entry[field], entry.instance);
  }
}

// Port names (IANA service names: at most 15 lowercase letters, digits and "-", with a letter, no "--"): the
// listener key in kebab case (`netconf-ssh`, `cli-ssh-x1` for an extra-listen entry), else `tcp-PORT`.
export function portNames(
  ports: readonly { key: string; protocol: string; containerPort: number }[],
): string[] {
  const used = new Set<string>();
  const bound = new Set<string>();
  return ports.map((port) => {
    const preferred = kebabKey(port.key);
    const name =
      isPortName(preferred) && !used.has(preferred) ? preferred : `${port.protocol}-${port.containerPort}`;
    const slot = `${port.protocol}/${port.containerPort}`;
    if (used.has(name) || bound.has(slot)) {
      throw new NsoMultiError('INTERNAL', `two listeners of one container both use ${slot} (${port.key})`, {
        hint: 'each listener needs its own port inside the container; please report this',
      });
    }
    used.add(name);
    bound.add(slot);
    return name;
  });
}

function kebabKey(key: string): string {
  return key
    .replace(/\.extraListen\./, '-x')
    .replace(/\.haPrimaryListen\./, '-p')
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function isPortName(name: string): boolean {
  return name.length <= 15 && DNS_LABEL.test(name) && /[a-z]/.test(name) && !name.includes('--');
}
