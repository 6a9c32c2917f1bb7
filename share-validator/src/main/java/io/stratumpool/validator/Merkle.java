package io.stratumpool.validator;

import java.util.ArrayList;
import java.util.List;

/** Merkle trees as Bitcoin builds them: SHA-256d of pairs, an odd level's last hash paired with itself. */
public final class Merkle {
    /** Witness commitment output script prefix: OP_RETURN, push 36, 0xaa21a9ed. */
    private static final byte[] WITNESS_COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private Merkle() {
    }

    /** The root of a list of leaf hashes (txids in block order). */
    public static Hash256 root(List<Hash256> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("merkle root: no leaves");
        }
        List<byte[]> level = new ArrayList<>();
        leaves.forEach(h -> level.add(h.bytes()));
        Sha256d sha = Sha256d.local();
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                byte[] right = level.get(Math.min(i + 1, level.size() - 1));
                byte[] parent = new byte[32];
                sha.hashPair(level.get(i), 0, right, 0, parent, 0);
                next.add(parent);
            }
            level.clear();
            level.addAll(next);
        }
        return Hash256.wrap(level.get(0));
    }

    /**
     * The merkle branch of the first leaf (the coinbase) given every other leaf in order:
     * the hashes to fold with the coinbase hash, bottom level first.
     */
    public static List<Hash256> coinbaseBranch(List<Hash256> otherLeaves) {
        List<Hash256> branch = new ArrayList<>();
        List<byte[]> level = new ArrayList<>();
        level.add(null); // the coinbase's place, unknown until a share arrives
        otherLeaves.forEach(h -> level.add(h.bytes()));
        Sha256d sha = Sha256d.local();
        while (level.size() > 1) {
            branch.add(Hash256.wrap(level.get(1)));
            if ((level.size() & 1) != 0) {
                level.add(level.get(level.size() - 1));
            }
            List<byte[]> next = new ArrayList<>();
            next.add(null);
            for (int i = 2; i < level.size(); i += 2) {
                byte[] parent = new byte[32];
                sha.hashPair(level.get(i), 0, level.get(i + 1), 0, parent, 0);
                next.add(parent);
            }
            level.clear();
            level.addAll(next);
        }
        return branch;
    }

    /** Folds a coinbase hash up a branch to the merkle root. */
    public static Hash256 foldBranch(Hash256 coinbaseHash, List<Hash256> branch) {
        byte[] node = coinbaseHash.bytes();
        Sha256d sha = Sha256d.local();
        for (Hash256 sibling : branch) {
            sha.hashPair(node, 0, sibling.bytes(), 0, node, 0);
        }
        return Hash256.wrap(node);
    }

    /**
     * The BIP141 witness commitment: SHA-256d(witness root || reserved value), the witness root
     * taken over the wtxids with the coinbase's counted as 32 zero bytes.
     */
    public static Hash256 witnessCommitment(List<Hash256> otherWtxids, byte[] reservedValue) {
        List<Hash256> leaves = new ArrayList<>(otherWtxids.size() + 1);
        leaves.add(Hash256.ZERO);
        leaves.addAll(otherWtxids);
        byte[] pair = new byte[64];
        root(leaves).writeTo(pair, 0);
        System.arraycopy(reservedValue, 0, pair, 32, 32);
        return Hash256.of(pair);
    }

    /** The commitment output script {@code 6a24aa21a9ed || commitment}. */
    public static byte[] witnessCommitmentScript(Hash256 commitment) {
        byte[] script = new byte[38];
        System.arraycopy(WITNESS_COMMITMENT_HEADER, 0, script, 0, 6);
        commitment.writeTo(script, 6);
        return script;
    }

    /**
     * The commitment a coinbase declares: the last output whose script starts with the BIP141
     * header, or null when there is none.
     */
    public static Hash256 findWitnessCommitment(List<Transaction.Output> outputs) {
        for (int i = outputs.size() - 1; i >= 0; i--) {
            byte[] s = outputs.get(i).script();
            if (s.length >= 38 && java.util.Arrays.equals(s, 0, 6, WITNESS_COMMITMENT_HEADER, 0, 6)) {
                return Hash256.wrap(java.util.Arrays.copyOfRange(s, 6, 38));
            }
        }
        return null;
    }
}
