/** Small concurrency helpers shared by the background parts (named daemon threads). A leaf: depends on nothing of the pool. */
package io.stratumpool.pool.concurrent;
