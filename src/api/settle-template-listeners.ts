// Reads the templates the spec leaves listener choices to (each once) and settles every instance's
// template-decided listeners, so allocation sees the complete listener set.
import { EXTRA_LISTENER_KEYS, type ExtraListenerKey, type Spec } from '../model.js';
import { settleAdditionalListen } from '../plan/additional-listeners.js';
import { needsTemplateScan, settleExtraListeners } from '../plan/extra-listeners.js';
import { type ScannedListenLists, scanListenLists } from '../render/extra-listen-scan.js';
import { templateListeners } from '../render/template-listeners.js';
import { templateReader } from './instance-texts.js';

const NOTHING_ON = Object.fromEntries(EXTRA_LISTENER_KEYS.map((key) => [key, false])) as Record<
  ExtraListenerKey,
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
  const scans = new Map<string, Promise<Record<ExtraListenerKey, boolean>>>();
  const scan = (file: string) => {
    let flags = scans.get(file);
    if (flags === undefined) {
      flags = read(file).then((text) => templateListeners(text, file));
      scans.set(file, flags);
    }
    return flags;
  };
  // The lists matter whatever the spec says about the flags, so every template is scanned for them.
  const lists = new Map<string, Promise<ScannedListenLists>>();
  const scanLists = (file: string) => {
    let found = lists.get(file);
    if (found === undefined) {
      found = read(file).then((text) => scanListenLists(text, file));
      lists.set(file, found);
    }
    return found;
  };
  const instances = await Promise.all(
    spec.instances.map(async (instance) =>
      settleAdditionalListen(
        settleExtraListeners(
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
