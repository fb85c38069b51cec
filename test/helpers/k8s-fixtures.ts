// Hand-built container instances for the Kubernetes export's tests.
import type { ContainerInstance, ContainerPort } from '../../src/export/container-model.js';

const tcp = (key: string, containerPort: number, hostPort: number): ContainerPort => ({
  key,
  protocol: 'tcp',
  containerPort,
  hostPort,
  hostAddress: '127.0.0.1',
});

/** IPC, NETCONF SSH, CLI SSH and SNMP (UDP), host ports from `hostBase`. */
export function standardPorts(hostBase: number): ContainerPort[] {
  return [
    tcp('ipc', 4569, hostBase),
    tcp('netconfSsh', 2022, hostBase + 1),
    tcp('cliSsh', 2024, hostBase + 3),
    { key: 'snmp', protocol: 'udp', containerPort: 4000, hostPort: hostBase + 6, hostAddress: '127.0.0.1' },
  ];
}

// One instance of project `lab`; `overrides` replaces whole fields.
export function containerInstance(
  name: string,
  overrides: Partial<ContainerInstance> = {},
): ContainerInstance {
  return {
    name,
    project: 'lab',
    image: 'cisco-nso-prod:6.4.1',
    ncsConf: `<ncs-config xmlns="http://tail-f.com/yang/tailf-ncs-config">\n  <!-- ${name} -->\n  <ncs-ipc-address>\n    <ip>0.0.0.0</ip>\n  </ncs-ipc-address>\n</ncs-config>\n`,
    secret: {
      text: `s3cr3t-${name}-Qx7vJm2Lp9\n`,
      containerPath: '/run/secrets/ipc-access',
      hostFile: `/home/me/lab/.nso-multi/${name}/ipc-secret`,
    },
    ports: standardPorts(21000),
    dependsOn: [],
    ...overrides,
  };
}
