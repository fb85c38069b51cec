// One private lease registry and one private compile cache for the whole test run, so tests never touch the
// developer's own; both removed again when the run ends. As root, an ordinary user for the tests where
// permissions must bite (test/helpers/test-user.ts), removed at the end too if this run made it.
import { rm } from 'node:fs/promises';
import { ensureTestUser, removeTestUser } from './helpers/test-user.js';

export default function setup(): () => Promise<void> {
  const dir = process.env.NSO_MULTI_LEASE_DIR;
  const cache = process.env.NODE_COMPILE_CACHE;
  const madeUser = ensureTestUser();
  return async () => {
    if (madeUser) removeTestUser();
    if (dir?.includes('nso-multi-test-leases-')) await rm(dir, { recursive: true, force: true });
    if (cache?.includes('nso-multi-test-cache-')) await rm(cache, { recursive: true, force: true });
  };
}
