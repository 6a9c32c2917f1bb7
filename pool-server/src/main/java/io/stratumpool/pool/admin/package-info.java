/**
 * Edge: the operators' admin API on its own listener (loopback by default, bearer token): sessions,
 * bans, drain, extranonce re-partition, log level. It sees the pool only through
 * {@link io.stratumpool.pool.admin.AdminOperations}, which the server wires; every action is logged
 * as an {@code event.admin-*} event.
 */
package io.stratumpool.pool.admin;
