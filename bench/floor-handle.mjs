#!/usr/bin/env node
// Context for section 1, not the goal's floor: the same loop as floor.mjs, but each port tested with a
// synchronous bind, listen and close on Node's own TCP handle, as nso-multi's probe does where it can
// (src/host/raw-tcp-bind.ts). Usage: node bench/floor-handle.mjs BASE N. Prints { free, taken }.
const { TCP, constants } = process.binding('tcp_wrap');

const [base, n] = process.argv.slice(2).map(Number);
let free = 0;
let taken = 0;
for (let i = 1; i <= n; i++) {
  for (let offset = 0; offset < 4; offset++) {
    const handle = new TCP(constants.SERVER);
    let error = handle.bind('127.0.0.1', base + i * 10 + offset);
    if (error === 0) error = handle.listen(1);
    handle.close();
    if (error === 0) free++;
    else taken++;
  }
}
console.log(JSON.stringify({ free, taken }));
