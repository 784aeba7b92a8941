/**
 * Tests run through ts-jest in transpile-only mode (`isolatedModules`): types are checked once, up front,
 * by `tsc --noEmit` in `npm test`, because a per-file type check would re-read azure-native's large type tree.
 * (ts-jest rather than a native transformer: the package registry here serves only Linux builds of native
 * optional dependencies, which `npm ci` cannot reconcile with a lockfile.)
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true, tsconfig: { target: "es2022", module: "commonjs", esModuleInterop: true, sourceMap: true } }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // The policy pack imports crosscloud by package name; tests run it on the sources (tsconfig.json "paths").
  moduleNameMapper: {
    "^crosscloud$": "<rootDir>/index.ts",
    "^crosscloud/(sdk|graph|components)$": "<rootDir>/$1/index.ts",
  },
  testTimeout: 60000,
};
