// The spec module's public surface: finding, loading and validating nso-multi specs, and their JSON Schema.
export { bundledTemplatePath } from './bundled-template.js';
export { didYouMean, editDistance } from './did-you-mean.js';
export { findSpecFile } from './find-spec-file.js';
export type { InstanceInput, InstanceSettings } from './instance-schema.js';
export { instanceSchema, secretModeSchema } from './instance-schema.js';
export { SPEC_SCHEMA_ID, specJsonSchema, specJsonSchemaFile, specJsonSchemaText } from './json-schema.js';
export type { LoadedSpec, LoadSpecOptions } from './load-spec.js';
export { loadSpec } from './load-spec.js';
export { isListenerEnabled, type ListenerSwitches } from './rules/ports.js';
export type { FolderProblem, SpecChecks, TemplateProblem } from './rules/rule.js';
export type { SpecFile, SpecFileInput } from './schema.js';
export { specFileSchema } from './schema.js';
export { MODULE_NAME, PACKAGE_KEY, SEARCH_PLACES } from './search-places.js';
export type { PathProblem, SpecPath } from './spec-path.js';
export { dottedPath } from './spec-path.js';
export type { Position } from './yaml-locate.js';
