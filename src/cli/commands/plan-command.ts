// `plan` and `render` share their command line and output; only whether files are written differs.

import { EXIT_OK } from '../../errors.js';
import { planDocument } from '../../project/plan-document.js';
import type { PlanOptions, PlanResult } from '../../project/prepare-plan.js';
import type { CliCommand } from '../command.js';
import { COMMAND_TEXTS } from '../command-texts.js';
import { formatPlan } from '../format-plan.js';
import { parseCommandArgs, refusePositionals } from '../parse-args.js';
import { noticePrinter, printNotices } from '../print-notices.js';

// Builds the command object for `plan` (writes nothing) or `render` (writes).
export function planCommand(
  name: 'plan' | 'render',
  action: (o: PlanOptions) => Promise<PlanResult>,
): CliCommand {
  const usage = COMMAND_TEXTS[name]!.usage;
  return {
    async run(args, global, io) {
      const parsed = parseCommandArgs(
        args,
        { json: { type: 'boolean' }, 'allow-insecure-ipc': { type: 'boolean' } },
        usage,
        global,
      );
      if (parsed.help) {
        io.stdout(`usage: ${usage}\n  ${COMMAND_TEXTS[name]!.summary}\n`);
        return EXIT_OK;
      }
      refusePositionals(parsed.positionals, name, usage);
      const result = await action({
        config: parsed.global.config,
        cwd: io.cwd,
        onNotice: noticePrinter(io.stderr),
        allowInsecureIpc: parsed.values['allow-insecure-ipc'] === true,
      });
      printNotices(result.notices, io.stderr);
      io.stdout(
        parsed.values.json
          ? `${JSON.stringify(planDocument(result.plan), null, 2)}\n`
          : formatPlan(result.plan, io.cwd, name === 'render'),
      );
      return EXIT_OK;
    },
  };
}
