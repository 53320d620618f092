export {
  type Config,
  loadConfig,
  type OperationLimits,
  SUBGRAPH_NAMES,
  type SubgraphName,
} from './environment.ts';
export { type BootstrapOptions, bootstrap, type RunningRouter } from './server.ts';
