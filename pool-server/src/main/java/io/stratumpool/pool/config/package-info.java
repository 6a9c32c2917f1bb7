/**
 * The configuration: one YAML or JSON file bound by Jackson to records, overridden by
 * {@code --set path=value}, validated with every problem listed at once ({@code Problems}). The
 * root record gathers the sections the other packages own (ledger, node, payout, API); this
 * package depends on those section records only, never on runtime classes.
 */
package io.stratumpool.pool.config;
