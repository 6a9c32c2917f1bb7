/** JMH benchmarks of the consensus core (share validation against the raw SHA-256 rate). */
package io.stratumpool.bench;
