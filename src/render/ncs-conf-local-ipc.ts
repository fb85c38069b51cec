// The ncs.conf leaves of local IPC (6.4+) and of the SSH host-key folder, set on an already parsed template.
import type { Element } from '@xmldom/xmldom';
import type { LocalIpcSetting } from '../nso/local-ipc-versions.js';
import type { ChildOrder } from '../nso/ncs-conf-schema-order.js';
import { LOCAL_IPC_ORDER, NCS_CONFIG_ORDER } from '../nso/ncs-conf-schema-order.js';
import type { XmlEditContext } from './xml-edit.js';
import { ensureChild, removeChildren, setLeaf } from './xml-edit.js';

/** The first children of /ncs-config/aaa, enough to place ssh-server-key-dir among the settings after it. */
const AAA_ORDER: ChildOrder = [
  'ssh-login-grace-time',
  'ssh-max-auth-tries',
  'ssh-server-key-dir',
  'ssh-pubkey-authentication',
  'default-group',
  'auth-order',
  'validation-order',
  'challenge-order',
  'expiration-warning',
  'audit-user-name',
  'max-password-length',
  'pam',
  'restconf',
  'single-sign-on',
  'package-authentication',
  'external-authentication',
  'local-authentication',
];

// Writes ncs-local-ipc: removed ('omit', pre-6.4 schemas reject it), switched off, or on at the given socket.
export function setLocalIpc(ctx: XmlEditContext, root: Element, setting: LocalIpcSetting): void {
  if (setting === 'omit') {
    removeChildren(ctx, root, 'ncs-local-ipc');
    return;
  }
  const local = ensureChild(ctx, root, 'ncs-local-ipc', NCS_CONFIG_ORDER);
  setLeaf(ctx, local, 'enabled', String(setting !== 'disable'), LOCAL_IPC_ORDER);
  if (setting !== 'disable') setLeaf(ctx, local, 'path', setting.path, LOCAL_IPC_ORDER);
}

// Points the SSH servers (NETCONF, CLI) at a folder of host keys of their own.
export function setSshKeyDir(ctx: XmlEditContext, root: Element, dir: string): void {
  const aaa = ensureChild(ctx, root, 'aaa', NCS_CONFIG_ORDER);
  setLeaf(ctx, aaa, 'ssh-server-key-dir', dir, AAA_ORDER);
}
