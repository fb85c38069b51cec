// Module loader hooks for instrument.mjs: appends the URL of every module loaded to a file.
import { appendFileSync } from 'node:fs';

let file;

// Receives the log file from instrument.mjs.
export function initialize(data) {
  file = data.file;
}

// Logs the URL, then loads as usual.
export async function load(url, context, nextLoad) {
  appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
