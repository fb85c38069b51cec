// The ncs.conf template shipped with nso-multi, used when an instance names none.
import { fileURLToPath } from 'node:url';

// Absolute path of templates/ncs.conf.xml at the package root; this file sits two levels down in src/ and dist/.
export function bundledTemplatePath(): string {
  return fileURLToPath(new URL('../../templates/ncs.conf.xml', import.meta.url));
}
