// `dependsOn` in Kubernetes, which has no start order: an init container that holds the pod back until every
// dependency's Service takes a TCP connection on its IPC port, or gives up after a bound.
//
// Why a TCP connect is an honest readiness check here: a ClusterIP Service forwards only to Ready pods, and
// a dependency's pod is Ready only once its own readiness probe (`ncs_cmd -c "wait-start 2"`) passes; until
// then the connection is refused. Running ncs_cmd against the dependency would need its IPC secret in this
// pod. The wait runs in the NSO image itself (bash's /dev/tcp) so no second image has to be pulled.
import type { ContainerSpec } from './k8s-types.js';

/** How long the init container waits for all dependencies before it fails; Kubernetes then retries it. */
export const DEPENDENCY_WAIT_SECONDS = 600;

// The bound is checked between attempts: one attempt can outlast it by a TCP connect timeout at most.
const WAIT_SCRIPT = [
  'end=$((SECONDS + NSO_MULTI_WAIT_SECONDS))',
  'for target in $NSO_MULTI_WAIT_FOR; do',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: bash parameter expansion, not a template
  '  host=${target%:*}; port=${target##*:}',
  '  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do',
  '    if [ "$SECONDS" -ge "$end" ]; then',
  '      echo "nso-multi: $host:$port not ready after $NSO_MULTI_WAIT_SECONDS seconds" >&2',
  '      exit 1',
  '    fi',
  '    sleep 2',
  '  done',
  '  echo "nso-multi: $host:$port is ready"',
  'done',
].join('\n');

/** One dependency: its ClusterIP Service and the port to connect to. */
export interface DependencyTarget {
  service: string;
  port: number;
}

// The init container that waits for the dependencies, in the order given.
export function waitForDependencies(image: string, targets: readonly DependencyTarget[]): ContainerSpec {
  return {
    name: 'wait-for-dependencies',
    image,
    command: ['bash', '-c', WAIT_SCRIPT],
    env: [
      { name: 'NSO_MULTI_WAIT_FOR', value: targets.map((t) => `${t.service}:${t.port}`).join(' ') },
      { name: 'NSO_MULTI_WAIT_SECONDS', value: String(DEPENDENCY_WAIT_SECONDS) },
    ],
  };
}
