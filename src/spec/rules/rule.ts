// What a semantic rule sees and returns.
import type { PortLayout } from '../../model.js';
import type { HaModePlaces } from '../../render/ha-mode-places.js';
import type { TemplateListenerFlags } from '../../render/template-listeners.js';
import type { InstanceView } from '../instance-views.js';
import type { PathProblem } from '../spec-path.js';

/** Why a template cannot be used: a reason that follows its path ("does not exist"), or a message and fix. */
export type TemplateProblem = string | { message: string; fix: string };

/** Why a folder cannot be written: what follows its name ("is a file, not a folder") and what to do. */
export interface FolderProblem {
  message: string;
  fix: string;
}

/** The IO a rule may need, injected so rules stay testable without the host. */
export interface SpecChecks {
  /** Tells whether a group name or gid exists on this host. */
  groupExists(group: string | number): Promise<boolean>;
  /** Returns why a template cannot be used (missing, unreadable, not XML, wrong root), or undefined when it can. */
  templateProblem(file: string): Promise<TemplateProblem | undefined>;
  /** Which template listeners a template enables, undefined when it cannot be read; without it, pins on
   * those listeners are checked only at render. */
  templateListeners?(file: string): Promise<TemplateListenerFlags | undefined>;
  /** Where a template switches rule-based HA and HA Raft on, undefined when it cannot be read; without it, only
   * the spec's own switches are checked for both modes on. */
  templateHaModes?(file: string): Promise<HaModePlaces | undefined>;
  /** Returns why a folder cannot be written or created; without it, folders are not checked. */
  folderProblem?(dir: string): Promise<FolderProblem | undefined>;
  /** Whether nso-multi (and so NSO, which it starts) runs as root; without it, mode "040" is not checked. */
  runsAsRoot?(): boolean;
  /** Returns why a `packages` folder or `cdbInit` file cannot be used; without it, they are not checked. */
  contentsPathProblem?(path: string, kind: 'package' | 'cdbInit' | 'ned'): Promise<FolderProblem | undefined>;
}

/** A folder the spec names (or defaults) that render writes into. */
export interface SpecFolder {
  key: 'workdir' | 'envDir';
  /** Absolute. */
  path: string;
  /** Whether the spec sets the key (else the default applies). */
  given: boolean;
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
  /** The valid ones of workdir and envDir. */
  folders: SpecFolder[];
  bundledTemplate: string;
  /** Accept IPC off loopback without the access check (--allow-insecure-ipc). */
  allowInsecureIpc: boolean;
  /** The spec's folder, absolute: relative paths in the spec are resolved against it. */
  specDir?: string;
  /** The project's name (the spec's `project`, else its folder's); HA Raft clusters default to it. */
  project?: string;
  /** `nso.version` when the spec gives a valid one. */
  nsoVersion?: string;
  checks: SpecChecks;
}

export type Rule = (context: RuleContext) => PathProblem[] | Promise<PathProblem[]>;
