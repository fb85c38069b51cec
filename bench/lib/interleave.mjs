// Interleaved rounds: every round runs each step once, starting at a different step each round, so that
// slow phases of a shared machine hit baseline and subject alike.

/**
 * Runs `rounds` rounds of `steps` ({ name, run }) and returns { [name]: [value per round] }. A step's
 * `run` resolves with a number (ms) or an object of numbers (merged in as `name.key`). `deadline` bounds
 * the whole loop in time.
 */
export async function interleave(rounds, steps, { deadline, label, log }) {
  const samples = {};
  for (let round = 0; round < rounds; round++) {
    if (Date.now() > deadline)
      throw new Error(`${label}: the bench's time budget ran out in round ${round + 1}`);
    for (let k = 0; k < steps.length; k++) {
      const step = steps[(round + k) % steps.length];
      const value = await step.run(round);
      const entries =
        typeof value === 'number'
          ? [[step.name, value]]
          : Object.entries(value).map(([k, v]) => [`${step.name}.${k}`, v]);
      for (const [key, v] of entries) {
        samples[key] ??= [];
        samples[key].push(v);
      }
    }
    log(`${label}: round ${round + 1}/${rounds} done`);
  }
  return samples;
}
