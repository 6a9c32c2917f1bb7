/**
 * The load harness behind BENCHMARKS.md: a fleet of loopback connections against a pool process,
 * measuring connections held, memory per connection, notify fan-out (and its bare-Netty floor) and
 * submits per second, each phase bounded in count and time.
 */
package io.stratumpool.bench.load;
