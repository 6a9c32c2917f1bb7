package io.stratumpool.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTest {

    @Test
    void foldingTheBranchGivesTheRootForEveryTreeSizeUpTo70() {
        for (int n = 1; n <= 70; n++) {
            List<Hash256> leaves = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                leaves.add(Hash256.of(new byte[] {(byte) i, (byte) n}));
            }
            List<Hash256> branch = Merkle.coinbaseBranch(leaves.subList(1, n));
            assertEquals(Merkle.root(leaves), Merkle.foldBranch(leaves.get(0), branch), "n=" + n);
            assertEquals(n == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1), branch.size(), "depth for n=" + n);
        }
    }

    @Test
    void oddLevelPairsTheLastHashWithItself() {
        Hash256 a = Hash256.of(new byte[] {1});
        Hash256 b = Hash256.of(new byte[] {2});
        Hash256 c = Hash256.of(new byte[] {3});
        byte[] ab = new byte[64];
        a.writeTo(ab, 0);
        b.writeTo(ab, 32);
        byte[] cc = new byte[64];
        c.writeTo(cc, 0);
        c.writeTo(cc, 32);
        byte[] top = new byte[64];
        Hash256.of(ab).writeTo(top, 0);
        Hash256.of(cc).writeTo(top, 32);
        assertEquals(Hash256.of(top), Merkle.root(List.of(a, b, c)));
    }

    @Test
    void twelveLevelBranchForThreeThousandTransactions() {
        List<Hash256> others = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            others.add(Hash256.of(new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        assertEquals(12, Merkle.coinbaseBranch(others).size());
    }

    @Test
    void rootOfNothingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Merkle.root(List.of()));
    }
}
