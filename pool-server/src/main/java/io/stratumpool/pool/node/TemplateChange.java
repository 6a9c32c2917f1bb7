package io.stratumpool.pool.node;

import io.stratumpool.validator.BlockTemplate;
import io.stratumpool.validator.TemplateTransaction;
import java.util.Arrays;
import java.util.List;

/** Whether a fetched template carries different work from the last one, its timestamps aside. */
final class TemplateChange {
    private TemplateChange() {
    }

    static boolean sameWork(BlockTemplate a, BlockTemplate b) {
        return a.height() == b.height() && a.version() == b.version() && a.prevHash().equals(b.prevHash())
                && a.nBits() == b.nBits() && a.coinbaseValue() == b.coinbaseValue()
                && Arrays.equals(a.witnessCommitmentScript(), b.witnessCommitmentScript())
                && Arrays.equals(a.coinbaseAuxFlags(), b.coinbaseAuxFlags())
                && sameTransactions(a.transactions(), b.transactions());
    }

    private static boolean sameTransactions(List<TemplateTransaction> a, List<TemplateTransaction> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).wtxid().equals(b.get(i).wtxid())) {
                return false;
            }
        }
        return true;
    }
}
