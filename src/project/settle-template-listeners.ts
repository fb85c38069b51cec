// Reads the templates the spec leaves listener choices to (each once) and settles every instance's
// template listeners, so allocation sees the complete listener set.
import type { Spec } from '../model.js';
import { TEMPLATE_LISTENER_KEYS, type TemplateListenerKey } from '../nso/listeners.js';
import { settleAdditionalListen } from '../plan/additional-listeners.js';
import { needsTemplateScan, settleTemplateListenerChoices } from '../plan/template-listeners.js';
import { scanAdditionalListeners } from '../render/additional-listeners-scan.js';
import { templateListeners } from '../render/template-listeners.js';
import { templateReader } from './instance-texts.js';

const NOTHING_ON = Object.fromEntries(TEMPLATE_LISTENER_KEYS.map((key) => [key, false])) as Record<
  TemplateListenerKey,
  boolean
>;

// The spec with each instance's Web UI, RESTCONF, call-home and HA flags decided, and its template's
// extra-listen / ha-primary-listen entries and extra IPC addresses settled; throws TEMPLATE_INVALID for an
// unreadable or malformed template (or exposed extra IPC addresses) and SPEC_INVALID for a pin on a listener that
// stays off.
export async function settleTemplateListeners(
  spec: Spec,
  options: { allowInsecureIpc?: boolean } = {},
): Promise<Spec> {
  const read = templateReader();
  const scan = perTemplate(read, templateListeners);
  // The lists matter whatever the spec says about the flags, so every template is scanned for them.
  const scanLists = perTemplate(read, scanAdditionalListeners);
  const instances = await Promise.all(
    spec.instances.map(async (instance) =>
      settleAdditionalListen(
        settleTemplateListenerChoices(
          instance,
          needsTemplateScan(instance) ? await scan(instance.template) : NOTHING_ON,
        ),
        await scanLists(instance.template),
        options.allowInsecureIpc === true,
      ),
    ),
  );
  return { ...spec, instances };
}

// A scan of a template's text, run once per template file however many instances share it.
function perTemplate<T>(
  read: (file: string) => Promise<string>,
  derive: (text: string, file: string) => T,
): (file: string) => Promise<T> {
  const results = new Map<string, Promise<T>>();
  return (file) => {
    let result = results.get(file);
    if (result === undefined) {
      result = read(file).then((text) => derive(text, file));
      results.set(file, result);
    }
    return result;
  };
}
