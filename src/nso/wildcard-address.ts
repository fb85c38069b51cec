// The any-address in its spellings: shared by the plan (extra-listen entries), render, the spec rules and the
// simulator, so they all agree on what a wildcard is.

// True for 0.0.0.0 and :: in any spelling (leading zeros, ::0, eight zero groups, surrounding blanks): a
// listener there takes its port on every address, and NSO refuses one as an HA Raft node address.
export function isWildcardAddress(address: string): boolean {
  const text = address.trim();
  if (/^0+\.0+\.0+\.0+$/.test(text)) return true;
  return text.includes(':') && text.split(':').every((group) => /^0*$/.test(group));
}
