/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  // Most of an end-to-end test is waiting: on the action's process, the package managers and the
  // loopback API's latency and retries. More workers than cores keep the CPUs busy; jest's default
  // (cores - 1) runs a 2-core machine's suite in band.
  maxWorkers: '150%',
  testTimeout: 300000,
  verbose: true
}
