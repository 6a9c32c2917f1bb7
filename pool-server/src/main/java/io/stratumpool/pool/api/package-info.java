/**
 * The HTTP edge: a small Netty HTTP server for the JSON API ({@code /api/pool}, ports, hourly
 * histories, users, workers, blocks, payments, and their OpenAPI description), health and
 * readiness, {@code /metrics}, and the miners' web pages ({@code /}, {@code /users/{user}},
 * {@code /blocks}: HTML shells and small hand-written assets from the jar that read the same JSON
 * API). It reads the domain through
 * {@link io.stratumpool.pool.api.ApiSources} (accounting, blocks, and live session figures through
 * {@link io.stratumpool.pool.api.LiveStats}, which the server implements); it may depend on
 * {@code accounting} and {@code block}, never on the Stratum edge ({@code session},
 * {@code stratum}) or the server.
 */
package io.stratumpool.pool.api;
