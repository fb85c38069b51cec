// One private lease registry for the whole test run, so tests never touch the developer's own registry;
// removed again when the run ends.
import { rm } from 'node:fs/promises';

export default function setup(): () => Promise<void> {
  const dir = process.env.NSO_MULTI_LEASE_DIR;
  return async () => {
    if (dir?.includes('nso-multi-test-leases-')) await rm(dir, { recursive: true, force: true });
  };
}
