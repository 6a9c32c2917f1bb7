package io.stratumpool.pool.accounting;

import io.stratumpool.pool.ledger.Database;
import io.stratumpool.validator.address.Address;
import io.stratumpool.validator.address.AddressException;
import io.stratumpool.validator.address.Network;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who gets paid: a user name that is an address of the pool's network pays that address; any other
 * user name pays the address an operator bound to it. Bindings live in the database, every change
 * is an audit row (old address, new address, who, when), and a copy is kept in memory so that
 * authorize and job building never wait for the database.
 */
public final class PayoutAddresses {
    private static final Logger EVENTS = LoggerFactory.getLogger("event.payout-address-changed");
    private static final int MAX_ACTOR = 128;

    private final Database db;
    private final Network network;
    private final Clock clock;
    private final Map<String, Address> bound = new ConcurrentHashMap<>();

    /** One change of a user's bound address; {@code oldAddress} is null for the first binding. */
    public record Change(String user, String oldAddress, String newAddress, String changedBy, Instant changedAt) {
    }

    public PayoutAddresses(Database db, Network network, Clock clock) {
        this.db = db;
        this.network = network;
        this.clock = clock;
        db.query(this::load);
    }

    public Network network() {
        return network;
    }

    /** The address a user is paid at: the user name itself when it is an address, else its binding. */
    public Optional<Address> resolve(String user) {
        if (user == null) {
            return Optional.empty();
        }
        Address boundAddress = bound.get(user);
        if (boundAddress != null) {
            return Optional.of(boundAddress);
        }
        try {
            return Optional.of(Address.parse(user, network));
        } catch (AddressException notAnAddress) {
            return Optional.empty();
        }
    }

    /**
     * Why a user cannot be paid, or null when it can: for authorize when the pool requires an address.
     * Names the address problem, so a miner who mistyped an address learns which part is wrong.
     */
    public String refusal(String user) {
        if (resolve(user).isPresent()) {
            return null;
        }
        try {
            Address.parse(user, network);
            return null;
        } catch (AddressException e) {
            return "user name is not a " + network.name() + " address (" + e.problem()
                    + ") and has no payout address bound";
        }
    }

    /**
     * Binds (or rebinds) a user name to an address, as one audited change.
     *
     * @throws IllegalArgumentException naming the problem: an invalid address, a user name that is an
     *     address itself (it always pays itself), a missing actor
     */
    public Change bind(String user, String address, String changedBy) {
        if (user == null || user.isBlank() || user.length() > 128) {
            throw new IllegalArgumentException("user: \"" + user + "\" (expected 1..128 characters)");
        }
        if (Address.isValid(user, network)) {
            throw new IllegalArgumentException("user: \"" + user + "\" is a " + network.name()
                    + " address and is always paid at that address (expected a user name that is not an address)");
        }
        if (changedBy == null || changedBy.isBlank() || changedBy.length() > MAX_ACTOR) {
            throw new IllegalArgumentException("by: missing (expected who makes the change, 1.." + MAX_ACTOR + " characters)");
        }
        Address parsed;
        try {
            parsed = Address.parse(address, network);
        } catch (AddressException e) {
            throw new IllegalArgumentException("address: " + e.getMessage() + " (expected a " + network.name()
                    + " address)", e);
        }
        Change change = db.inTransaction(c -> store(c, user, parsed.toString(), changedBy));
        bound.put(user, parsed);
        EVENTS.info("payout address of {} changed from {} to {} by {}", user, change.oldAddress(), change.newAddress(),
                changedBy);
        return change;
    }

    /** The user's bound address changes, oldest first. */
    public List<Change> history(String user) {
        return db.query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT old_address, new_address, changed_by, changed_ms"
                    + " FROM payout_address_events WHERE user_name = ? ORDER BY id")) {
                ps.setString(1, user);
                List<Change> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Change(user, rs.getString(1), rs.getString(2), rs.getString(3),
                                Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
                return out;
            }
        });
    }

    private Change store(Connection c, String user, String address, String changedBy) throws SQLException {
        String old = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT address FROM payout_addresses WHERE user_name = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    old = rs.getString(1);
                }
            }
        }
        long now = clock.millis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payout_addresses (user_name, address, changed_ms,"
                + " changed_by) VALUES (?, ?, ?, ?) ON CONFLICT (user_name) DO UPDATE SET address = excluded.address,"
                + " changed_ms = excluded.changed_ms, changed_by = excluded.changed_by")) {
            ps.setString(1, user);
            ps.setString(2, address);
            ps.setLong(3, now);
            ps.setString(4, changedBy);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payout_address_events (user_name, old_address,"
                + " new_address, changed_by, changed_ms) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, user);
            ps.setString(2, old);
            ps.setString(3, address);
            ps.setString(4, changedBy);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
        return new Change(user, old, address, changedBy, Instant.ofEpochMilli(now));
    }

    private Void load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_name, address FROM payout_addresses");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // A binding stored for another network (the operator switched networks) is not used.
                String address = rs.getString(2);
                if (Address.isValid(address, network)) {
                    bound.put(rs.getString(1), Address.parse(address, network));
                }
            }
        }
        return null;
    }
}
