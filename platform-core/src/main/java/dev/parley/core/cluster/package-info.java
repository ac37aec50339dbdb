/**
 * Clustering (issue 23): several Parley nodes on one clustered Vert.x (Hazelcast cluster manager,
 * TCP/IP member list) sharing one PostgreSQL database; the singleton gate ({@link Leadership}) and
 * the cluster's health and metrics.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.cluster;
