// What a semantic rule sees and returns.
import type { PortLayout } from '../../model.js';
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';

/** The IO a rule may need, injected so rules stay testable without the host. */
export interface SpecChecks {
  /** Tells whether a group name or gid exists on this host. */
  groupExists(group: string | number): Promise<boolean>;
  /** Returns why a template cannot be read (e.g. "does not exist"), or undefined when it can. */
  templateProblem(file: string): Promise<string | undefined>;
}

export interface RuleContext {
  /** The instances that passed the schema, in spec order. */
  instances: InstanceView[];
  /** How many instances the spec lists, valid or not. */
  instanceCount: number;
  /** Each listed instance's `name` as written (a string or not), so names are checked in invalid instances too. */
  rawNames: unknown[];
  layout: PortLayout;
  /** The raw `layout` mapping, to point problems at the key the user wrote. */
  rawLayout: unknown;
  bundledTemplate: string;
  checks: SpecChecks;
}

export type Rule = (context: RuleContext) => PathProblem[] | Promise<PathProblem[]>;
