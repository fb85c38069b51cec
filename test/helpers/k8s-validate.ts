// Validates generated Kubernetes objects against the API's schema (kubernetes-models), plus the name rules
// the schema does not carry (DNS labels for Services, IANA service names for ports).
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

interface AnyObject {
  kind?: unknown;
  metadata?: { name?: unknown; labels?: Record<string, unknown> };
  spec?: unknown;
}

// Throws when the object is not a valid ConfigMap, Secret, Service, StatefulSet or Job, or when a name or label is
// one the API server would refuse; returns the kind.
export function validateK8sObject(value: unknown): string {
  const object = value as AnyObject;
  const data = value as never;
  switch (object.kind) {
    case 'ConfigMap':
      new ConfigMap(data).validate();
      break;
    case 'Secret':
      new Secret(data).validate();
      break;
    case 'Service':
      new Service(data).validate();
      checkServiceNames(object);
      break;
    case 'StatefulSet':
      new StatefulSet(data).validate();
      checkStatefulSetNames(object);
      break;
    case 'Job':
      new Job(data).validate();
      break;
    default:
      throw new Error(`unexpected kind ${String(object.kind)}`);
  }
  const name = String(object.metadata?.name);
  if (name.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
    throw new Error(`bad name ${name}`);
  for (const [key, label] of Object.entries(object.metadata?.labels ?? {})) {
    if (typeof label !== 'string' || label.length > 63 || !LABEL_VALUE.test(label)) {
      throw new Error(`${name}: bad label value ${key}=${String(label)}`);
    }
  }
  return String(object.kind);
}

function checkPortName(owner: string, name: unknown): void {
  const text = String(name);
  if (text.length > 15 || !DNS_LABEL.test(text) || !/[a-z]/.test(text) || text.includes('--')) {
    throw new Error(`${owner}: bad port name ${text}`);
  }
}

function checkServiceNames(object: AnyObject): void {
  const name = String(object.metadata?.name);
  if (name.length > 63 || !DNS_1035.test(name)) throw new Error(`bad Service name ${name}`);
  const spec = object.spec as { ports?: { name?: unknown }[] };
  for (const port of spec.ports ?? []) checkPortName(name, port.name);
}

function checkStatefulSetNames(object: AnyObject): void {
  const name = String(object.metadata?.name);
  // The pods' controller-revision-hash label is `<name>-<10 characters>`.
  if (name.length > 52 || !DNS_LABEL.test(name)) throw new Error(`bad StatefulSet name ${name}`);
  const spec = object.spec as {
    template: { spec: { containers: { ports?: { name?: unknown }[] }[] } };
  };
  for (const container of spec.template.spec.containers) {
    for (const port of container.ports ?? []) checkPortName(name, port.name);
  }
}
