// Where nso-multi looks for its spec, shared by the light finder (`env`) and the cosmiconfig search.

/** The cosmiconfig module name, also the package.json key that may hold the spec. */
export const MODULE_NAME = 'nso-multi';

/** The package.json key holding a spec. */
export const PACKAGE_KEY = MODULE_NAME;

/** File names searched in each folder, in this order; package.json only counts when it has `nso-multi`. */
export const SEARCH_PLACES: readonly string[] = [
  'package.json',
  'nso-multi.yaml',
  'nso-multi.yml',
  '.nso-multirc',
  '.nso-multirc.yaml',
  '.nso-multirc.yml',
  '.nso-multirc.json',
  'nso-multi.config.js',
  'nso-multi.config.mjs',
];

/** Files that mark a project root: the upward search stops in the first folder holding one (as cosmiconfig's `project` strategy does). */
export const PROJECT_ROOT_MARKERS: readonly string[] = ['package.json', 'package.yaml'];

// Tells whether a spec file is a JavaScript module (loaded by import) rather than YAML/JSON text.
export function isModuleSpecFile(file: string): boolean {
  return /\.(c|m)?js$/.test(file);
}

// Tells whether a spec file is a package.json, whose spec sits under the `nso-multi` key.
export function isPackageJson(file: string): boolean {
  return /(^|[\\/])package\.json$/.test(file);
}
