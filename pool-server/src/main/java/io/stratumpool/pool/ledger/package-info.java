/**
 * The durable share ledger: valid shares are group-committed to SQLite or PostgreSQL (Flyway
 * migrations, HikariCP) and each append's future completes only after COMMIT, which is when the
 * miner hears {@code true}. Also the database handle the other stores share. Depends only on
 * {@code concurrent} and JDBC.
 */
package io.stratumpool.pool.ledger;
