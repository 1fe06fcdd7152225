export { type EngineConfig, loadEngineConfig, loadTriggerConfig } from './config';
export { type Engine, type EngineDeps, startEngine } from './engine';
