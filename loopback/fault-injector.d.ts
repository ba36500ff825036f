import type { RegionFaults } from './lambda-api-server.js'

export type InjectedFault = { kind: 'throttle'; retryAfterSeconds: number } | { kind: 'server' }

export interface FaultInjector {
  set(region: string, faults: RegionFaults): void
  get(region: string): RegionFaults
  clear(): void
  isDown(region: string): boolean
  latencyOf(region: string): number
  rejectionOf(region: string, headers: Record<string, unknown>): string | undefined
  takeFault(region: string, service: 'lambda' | 's3' | 'ssm'): InjectedFault | undefined
  takeLostResponse(region: string, operation: string): boolean
}

export declare function createFaultInjector(initialFaults?: Record<string, RegionFaults>): FaultInjector
