// The instance keys that fill the run dir the way `ncs-setup --dest` does: packages and CDB init files.
import { z } from 'zod';
import { withFix } from './schema-fixes.js';

// A list of paths; a lone string where the list belongs gets the list it was meant to be as its fix.
const pathList = (key: string, itemFix: string) =>
  withFix(z.array(withFix(z.string().min(1), itemFix)), (input) =>
    typeof input === 'string'
      ? `write a list: \`${key}: [${JSON.stringify(input)}]\``
      : `give a list of paths, e.g. \`${key}: [./packages/my-pkg]\``,
  );

/** `packages`, `copyPackages` and `cdbInit`: spread into the instance schema (and so into `defaults`). */
export const runDirContentsShape = {
  packages: pathList('packages', "give the path of a package folder, relative to the spec's folder")
    .default([])
    .describe(
      "Package folders (each holding a package-meta-data.xml), relative to the spec's folder, put into <runDir>/packages/ under their folder name; an instance's list replaces the one in `defaults`.",
    ),
  copyPackages: withFix(z.boolean(), 'use true or false')
    .default(false)
    .describe(
      'Copy the packages into packages/ (fresh on every render) instead of linking them with relative symlinks.',
    ),
  cdbInit: pathList('cdbInit', "give the path of an XML file, relative to the spec's folder")
    .default([])
    .describe(
      "XML files copied into <runDir>/ncs-cdb/ under their file name; NSO loads them only into an empty CDB. An instance's list replaces the one in `defaults`.",
    ),
};
