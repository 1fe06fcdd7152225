export { type EngineConfig, loadEngineConfig, loadTriggerConfig } from './config';
export { type Engine, type EngineDeps, startEngine } from './engine';
export { createOutboundClient } from './outbound/outbound-client';
export { startTriggerRunner, type TriggerRunner } from './triggers/trigger-runner';
