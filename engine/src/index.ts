export { type EngineConfig, loadEngineConfig } from './config';
export { type Engine, type EngineDeps, startEngine } from './engine';
