/** The {@code node:} section of the configuration (endpoints, tip detection, retries, submission, confirmations) and its checks. A leaf. */
package io.stratumpool.pool.node.config;
