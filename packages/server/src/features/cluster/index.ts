export { SingleReplica, type Cluster, type ClusterListener } from './cluster.js';
export {
  DEFAULT_CLUSTER_POLL_MS,
  PostgresCluster,
  type PostgresClusterOptions,
} from './postgres-cluster.js';
