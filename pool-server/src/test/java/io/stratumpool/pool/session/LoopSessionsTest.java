package io.stratumpool.pool.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopSessionsTest {
    private final SessionFixture fixture = new SessionFixture();

    @Test
    void walksSessionsInTheOrderTheyWereAdded() {
        LoopSessions loop = new LoopSessions();
        List<StratumSession> added = sessions(200); // past the first growth of the array
        added.forEach(loop::add);

        assertEquals(added, walk(loop));
    }

    @Test
    void removalMovesTheLastSessionIntoTheHoleAndForgetsTheRemovedOne() {
        LoopSessions loop = new LoopSessions();
        List<StratumSession> s = sessions(5);
        s.forEach(loop::add);

        loop.remove(s.get(1));

        assertEquals(List.of(s.get(0), s.get(4), s.get(2), s.get(3)), walk(loop));
        assertEquals(-1, s.get(1).fanoutIndex);
        loop.remove(s.get(4)); // the moved one is still found at its new place
        assertEquals(List.of(s.get(0), s.get(3), s.get(2)), walk(loop));
    }

    @Test
    void addingTwiceOrRemovingAStrangerChangesNothing() {
        LoopSessions loop = new LoopSessions();
        LoopSessions other = new LoopSessions();
        List<StratumSession> s = sessions(3);
        loop.add(s.get(0));
        loop.add(s.get(1));
        loop.add(s.get(0));
        other.add(s.get(2));

        loop.remove(s.get(2)); // index 0 here is s0, not s2
        loop.remove(sessions(1).get(0));

        assertEquals(List.of(s.get(0), s.get(1)), walk(loop));
        assertEquals(List.of(s.get(2)), walk(other));
    }

    @Test
    void removingEverySessionEmptiesIt() {
        LoopSessions loop = new LoopSessions();
        List<StratumSession> s = sessions(70);
        s.forEach(loop::add);
        s.forEach(loop::remove);
        assertEquals(0, loop.size());
        loop.add(s.get(3));
        assertEquals(List.of(s.get(3)), walk(loop));
    }

    private List<StratumSession> sessions(int n) {
        List<StratumSession> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new StratumSession(fixture.services));
        }
        return all;
    }

    private static List<StratumSession> walk(LoopSessions loop) {
        List<StratumSession> seen = new ArrayList<>();
        for (int i = 0; i < loop.size(); i++) {
            seen.add(loop.get(i));
        }
        return seen;
    }
}
