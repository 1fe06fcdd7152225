export { type AppDeps, createApp } from './app';
export { type ApiConfig, loadApiConfig } from './config';
export { clientDistDir, serveSpa } from './http/spa';
export { createJobQueue, type JobQueue } from './jobs';
