/**
 * The embedded sandbox chain the pool mines on when no node is configured: real block structure,
 * a real proof-of-work check at a configurable difficulty, and a tip that advances with each block
 * the pool finds. It is both a {@code job.TemplateSource} and a {@code block.BlockSubmitter};
 * depends on {@code job}, {@code block} and {@code concurrent}.
 */
package io.stratumpool.pool.sandbox;
