// Polls a condition until it holds or a deadline passes: the only way nso-multi waits, never a bare sleep.
import { setTimeout as delay } from 'node:timers/promises';

// Resolves true as soon as `check` does, false once `timeoutMs` has passed.
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await delay(Math.min(everyMs, Math.max(1, deadline - Date.now())));
  }
}
