// The `snmp` key of an instance: `true | false | { enabled, address }`, always read as the mapping.
import { z } from 'zod';
import { describeValue } from './describe-value.js';
import { withFix } from './schema-fixes.js';
import { issuesToProblems } from './zod-problems.js';

const SNMP_FIX = 'use true, false, or a mapping like `{ enabled: true, address: 127.0.0.1 }`';

// The first problem of a mapping that is not a valid agent, with its key: a union reports only "invalid input".
function mappingProblem(agent: z.ZodType, input: unknown): { message: string; fix?: string } | undefined {
  const parsed = agent.safeParse(input, { reportInput: true });
  const problem = parsed.success ? undefined : issuesToProblems(parsed.error.issues, agent)[0];
  if (problem === undefined) return undefined;
  const key = problem.path.join('.');
  return {
    message: key === '' ? problem.message : `\`${key}\`: ${problem.message}`,
    ...(problem.fix === undefined ? {} : { fix: problem.fix }),
  };
}

/** `snmp: true | false` is short for `{ enabled: true | false }`; defaults merge it as that mapping
 * (expandSwitchShorthands). `address` is the schema of the agent's address. */
export function snmpSetting(address: z.ZodType<string>) {
  const agent = z
    .strictObject({
      enabled: withFix(z.boolean(), 'use true or false')
        .optional()
        .describe('Whether the instance runs an SNMP agent. Default: true once `snmp` is a mapping.'),
      address,
    })
    .describe('The SNMP agent: its own UDP port and snmp_init.xml.');
  const isMapping = (input: unknown) => typeof input === 'object' && input !== null && !Array.isArray(input);
  return withFix(
    z
      .union([z.boolean(), agent])
      .transform((value) =>
        typeof value === 'boolean'
          ? { enabled: value, address: '127.0.0.1' }
          : { enabled: value.enabled ?? true, address: value.address },
      )
      .optional()
      .describe(
        "NSO's SNMP agent: true gives the instance its own UDP port and snmp_init.xml; false (default) keeps the shared one off.",
      ),
    (input) => (isMapping(input) ? (mappingProblem(agent, input)?.fix ?? SNMP_FIX) : SNMP_FIX),
    (input) =>
      isMapping(input)
        ? mappingProblem(agent, input)?.message
        : `expected true, false or a mapping, got ${describeValue(input)}`,
  );
}
