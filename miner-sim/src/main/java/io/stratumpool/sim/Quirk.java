package io.stratumpool.sim;

/**
 * A strictness rule of some real firmware. A simulated miner with the quirk fails visibly (a
 * recorded reason and a disconnect) when a pool's reply would break that firmware in the field.
 */
public enum Quirk {
    /** Whatsminer: any configure result key that was not requested ends the connection. */
    REJECT_UNREQUESTED_CONFIGURE_KEYS,
    /** Braiins OS, Avalon: the configure reply must grant version rolling with a valid 8-hex-digit mask. */
    REQUIRE_VERSION_ROLLING,
    /** Avalon: the one line after configure is read as its reply, whatever it is. */
    CONFIGURE_REPLY_IS_NEXT_LINE,
    /** Avalon, cpuminer: the first line after subscribe is read as its reply, whatever it is. */
    SUBSCRIBE_REPLY_IS_NEXT_LINE,
    /** cgminer-derived: an error or false reply to extranonce.subscribe is fatal, bar two known texts. */
    EXTRANONCE_SUBSCRIBE_ERROR_FATAL,
    /** NiceHash: a response without an {@code "error"} member (null on success) is a failure. */
    REQUIRE_ERROR_MEMBER,
    /** ESP-Miner, cpuminer: errors must be {@code [code, "message", data]}; an object cannot be parsed. */
    ERROR_MUST_BE_ARRAY,
    /** cpuminer: a response without a {@code "result"} member is ignored. */
    IGNORE_REPLY_WITHOUT_RESULT,
    /**
     * ESP-Miner (Bitaxe, NerdQAxe): a mining.notify whose job id it has already seen is dropped
     * ("Ignoring duplicate notify"); with {@link #DIFFICULTY_FROM_NEXT_NOTIFY} a new difficulty
     * therefore waits for a job with a new id.
     */
    IGNORE_REPEATED_JOB_ID,
    /**
     * ESP-Miner: the coinbase's BIP34 height must be a 1–4 byte data push; {@code OP_1}..{@code OP_16}
     * (heights 1..16) fail with "Failed to process mining notification", and the notify is dropped.
     */
    HEIGHT_MUST_BE_DATA_PUSH,
    /** cpuminer, ESP-Miner: a new difficulty applies from the next mining.notify, not at once. */
    DIFFICULTY_FROM_NEXT_NOTIFY,
    /** cpuminer: client.reconnect must carry [host, port]. */
    RECONNECT_NEEDS_HOST_PORT,
    /** cpuminer: every mining.submit carries id 4. */
    FIXED_SUBMIT_ID
}
