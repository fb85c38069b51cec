// The architecture as rules (docs/architecture.md draws it): `npm run lint` runs them, so CI does.
// Layers, lowest first; a module may import its own folder and anything in a lower layer, never higher.
const LAYERS = [
  ['errors\\.ts', 'notice\\.ts', 'model\\.ts', 'nso/'],
  ['host/', 'render/'],
  ['spec/'],
  ['plan/'],
  ['state/'],
  ['leases/'],
  ['ncs/'],
  ['project/'],
  ['export/'],
  ['testing/', 'sim/', 'cli/', 'index\\.ts'],
];
const inLayers = (layers) => `^src/(${layers.flat().join('|')})`;
const TESTS = '\\.test\\.ts$';

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${i}-imports-upward`,
  comment: `${layer.join(', ')} may not import a higher layer (${LAYERS.slice(i + 1)
    .flat()
    .join(', ')})`,
  severity: 'error',
  from: { path: inLayers([layer]), pathNot: TESTS },
  to: { path: inLayers(LAYERS.slice(i + 1)), dependencyTypesNot: ['type-only'] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no module reaches itself through its imports',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'layer-type-imports-upward',
      comment: 'not even a type comes from a higher layer: the types a layer needs live in it or below it',
      severity: 'error',
      from: { path: inLayers(LAYERS.slice(0, 7)), pathNot: TESTS },
      to: { path: '^src/(project|export|testing|sim|cli)/', dependencyTypes: ['type-only'] },
    },
    {
      name: 'pure-core',
      comment: 'plan, render and nso compute: files, sockets and processes are the edges (host, state, ncs)',
      severity: 'error',
      from: { path: '^src/(plan|render|nso)/', pathNot: TESTS },
      to: { path: '^(node:)?(fs|fs/promises|net|dgram|child_process)$', dependencyTypes: ['core'] },
    },
    {
      name: 'only-cli-imports-listr2',
      comment: 'the task list is how the command line shows progress; the library emits events instead',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: 'node_modules/listr2/' },
    },
    {
      name: 'adapters-stand-apart',
      comment: 'the simulator and the test helpers do not depend on the command line',
      severity: 'error',
      from: { path: '^src/(sim|testing)/', pathNot: TESTS },
      to: { path: '^src/cli/' },
    },
    {
      name: 'src-imports-no-tests',
      comment: 'the shipped code never imports test code',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: `(^test/|${TESTS})` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
