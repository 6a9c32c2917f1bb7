package io.stratumpool.pool.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stratumpool.pool.node.P2wpkhTransactions.Coin;
import io.stratumpool.validator.Hash256;
import io.stratumpool.validator.Hex;
import io.stratumpool.validator.Merkle;
import io.stratumpool.validator.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A getblocktemplate result as Bitcoin Core shapes it, built from real signed segwit transactions
 * (a parent and its child), with a correct witness commitment; tests then break one field at a time.
 */
final class TemplateJson {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREV_HASH = "000000000000000000026d6f9ba3aa9bf5ab44c6ba20b8c0c2b3ea59fa6e0b6d";
    static final byte[] PARENT;
    static final byte[] CHILD;

    static {
        TestKey key = TestKey.fromSeed("TemplateJson");
        Coin coin = new Coin(Hash256.of(new byte[] {1, 2, 3}), 0, 50_0000_0000L);
        PARENT = P2wpkhTransactions.spendToSelf(key, coin, 10_000);
        CHILD = P2wpkhTransactions.spendToSelf(key, P2wpkhTransactions.output(PARENT, 0), 5_000);
    }

    private TemplateJson() {
    }

    static ObjectNode valid() {
        ObjectNode t = JSON.createObjectNode();
        t.putArray("capabilities").add("proposal");
        t.put("version", 0x20000000);
        t.putArray("rules").add("csv").add("!segwit").add("taproot");
        t.put("previousblockhash", PREV_HASH);
        ArrayNode txs = t.putArray("transactions");
        txs.add(tx(PARENT, 10_000, List.of()));
        txs.add(tx(CHILD, 5_000, List.of(1)));
        t.put("coinbasevalue", 312_500_000L + 15_000);
        t.put("longpollid", PREV_HASH + "12");
        t.put("target", "00000000000000000002b5470000000000000000000000000000000000000000");
        t.put("mintime", 1_700_000_000L);
        t.putArray("mutable").add("time").add("transactions").add("prevblock");
        t.put("noncerange", "00000000ffffffff");
        t.put("sigoplimit", 80000);
        t.put("sizelimit", 4000000);
        t.put("weightlimit", 4000000);
        t.put("curtime", 1_700_000_600L);
        t.put("bits", "1702b547");
        t.put("height", 820_000);
        t.put("default_witness_commitment", Hex.encode(Merkle.witnessCommitmentScript(Merkle.witnessCommitment(
                List.of(wtxid(PARENT), wtxid(CHILD)), new byte[32]))));
        t.putObject("coinbaseaux");
        return t;
    }

    static ObjectNode tx(byte[] data, long fee, List<Integer> depends) {
        Transaction parsed = Transaction.parse(data);
        ObjectNode tx = JSON.createObjectNode();
        tx.put("data", Hex.encode(data));
        tx.put("txid", parsed.txid().toHexReversed());
        tx.put("hash", parsed.wtxid().toHexReversed());
        ArrayNode d = tx.putArray("depends");
        depends.forEach(d::add);
        tx.put("fee", fee);
        tx.put("sigops", 1);
        tx.put("weight", parsed.weight());
        return tx;
    }

    static ObjectNode transaction(ObjectNode template, int index) {
        return (ObjectNode) template.get("transactions").get(index);
    }

    static Hash256 wtxid(byte[] data) {
        return Transaction.parse(data).wtxid();
    }

    static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
