// What a call throws, for tests that look at more than one property of the error.

// The value `run` throws; fails the test when it returns instead.
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
