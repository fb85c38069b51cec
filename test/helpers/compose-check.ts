// Checks a compose file with the tools Debian's `docker-compose` package brings (CI installs it): the program's
// own `config -q`, and the compose spec's JSON Schema it ships, through the python3-jsonschema it depends on.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CheckResult {
  ok: boolean;
  output: string;
}

const has = (command: string, args: string[]) => {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  return run.error === undefined && run.status === 0;
};

/** Why the checks cannot run here, or undefined when they can. */
export const COMPOSE_MISSING = has('docker-compose', ['version'])
  ? undefined
  : 'docker-compose is not installed (apt-get install docker-compose; .ci/run installs it)';

const SCHEMA_CHECK = `
import json, os, sys
import compose.config, jsonschema, yaml
spec = json.load(open(os.path.join(os.path.dirname(compose.config.__file__), 'compose_spec.json')))
with open(sys.argv[1]) as f:
    data = yaml.safe_load(f)
errors = sorted(jsonschema.Draft7Validator(spec).iter_errors(data), key=lambda e: list(e.path))
for e in errors:
    print('/'.join(map(str, e.path)) + ': ' + e.message)
sys.exit(1 if errors else 0)
`;

// The Python that runs docker-compose (its script's #! line), whose packages hold the schema: `python3` on PATH
// may be another one (pyenv).
function composePython(): string {
  const script = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' }).stdout.trim();
  try {
    const first = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
    return /^#!\s*(\/\S*python3[\d.]*)\s*$/.exec(first)?.[1] ?? 'python3';
  } catch {
    return 'python3';
  }
}

const PYTHON = COMPOSE_MISSING === undefined ? composePython() : 'python3';

/** Why the schema check cannot run here, or undefined when it can. */
export const COMPOSE_SCHEMA_MISSING =
  COMPOSE_MISSING ??
  (has(PYTHON, ['-c', 'import compose.config, jsonschema, yaml'])
    ? undefined
    : "the compose spec's JSON Schema (python3 compose package) or python3-jsonschema is missing");

function run(command: string, args: string[], cwd?: string): CheckResult {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, ...(cwd ? { cwd } : {}) });
  if (result.error !== undefined) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

// `docker-compose -f FILE config -q`: parses, interpolates and validates the file as compose would run it.
export function composeConfig(file: string): CheckResult {
  return run('docker-compose', ['-f', file, 'config', '-q']);
}

// Validates the file against the compose spec's JSON Schema (draft 7) that docker-compose ships.
export function composeSchema(file: string): CheckResult {
  return run(PYTHON, ['-c', SCHEMA_CHECK, file]);
}
