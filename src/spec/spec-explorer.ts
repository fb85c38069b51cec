// The cosmiconfig explorer for nso-multi specs: finds the file and loads .js/.mjs specs; text specs are parsed elsewhere.
import { type CosmiconfigResult, cosmiconfig, type Loader } from 'cosmiconfig';
import { isPackageJson, MODULE_NAME, SEARCH_PLACES } from './search-places.js';

// Text specs are parsed later with positions, so during the search cosmiconfig only needs to know one exists.
const textFound: Loader = () => true;

// A package.json counts only with the `nso-multi` key; one that does not parse is skipped, as the light finder does.
const jsonFound: Loader = (filepath, content) => {
  if (!isPackageJson(filepath)) return true;
  try {
    const parsed: unknown = JSON.parse(content);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
};

// Creates an explorer searching SEARCH_PLACES from a folder upwards to the project root (the first package.json).
export function specExplorer(): {
  search(from: string): Promise<CosmiconfigResult>;
  load(file: string): Promise<CosmiconfigResult>;
} {
  return cosmiconfig(MODULE_NAME, {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy: 'project',
    // An empty nso-multi.yaml is reported as a problem rather than silently skipped.
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: { '.json': jsonFound, '.yaml': textFound, '.yml': textFound, noExt: textFound },
  });
}
