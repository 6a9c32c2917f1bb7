package io.stratumpool.pool.ledger;

/** The store could not be reached or refused a statement; wraps the JDBC cause. */
public final class LedgerStoreException extends RuntimeException {
    public LedgerStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
