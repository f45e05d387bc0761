package org.tokenheatmap.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tokenheatmap.compare.TokenDivergence.Key;
import org.tokenheatmap.formats.trace.Alternative;

/** Jensen–Shannon values worked by hand (bits). */
class TokenDivergenceTest {

    static Alternative alt(int id, String text, double p) { return new Alternative(id, text, Math.log(p)); }

    @Test
    void identicalDistributionsDoNotDiverge() {
        var top = List.of(alt(1, "a", 0.6), alt(2, "b", 0.3));
        assertEquals(0.0, TokenDivergence.jensenShannon(top, top, Key.TOKEN_ID), 1e-12);
    }

    @Test
    void disjointCertainTokensDivergeByOneBit() {
        assertEquals(1.0, TokenDivergence.jensenShannon(List.of(alt(1, "a", 1.0)), List.of(alt(2, "b", 1.0)), Key.TOKEN_ID), 1e-12);
    }

    @Test
    void halfAndHalfAgainstCertain() {
        // P = {a: .5, b: .5}, Q = {a: 1}; M = {a: .75, b: .25}
        // KL(P||M) = .5 log2(.5/.75) + .5 log2(.5/.25) = 0.2075187; KL(Q||M) = log2(1/.75) = 0.4150375
        double js = TokenDivergence.jensenShannon(List.of(alt(1, "a", .5), alt(2, "b", .5)), List.of(alt(1, "a", 1)), Key.TOKEN_ID);
        assertEquals(0.5 * (0.2075187496 + 0.4150374993), js, 1e-9);
    }

    @Test
    void theRemainingMassIsTheOtherBucket() {
        // P = {a: .5, other: .5}, Q = {a: .5, other: .5}: same coarse distribution
        assertEquals(0.0, TokenDivergence.jensenShannon(List.of(alt(1, "a", .5)), List.of(alt(1, "a", .5)), Key.TOKEN_ID), 1e-12);
        // P = {a: .5, other: .5}, Q = {b: .5, other: .5}: bins a, b, other = (.5, 0, .5) vs (0, .5, .5) → 0.5 bit
        assertEquals(0.5, TokenDivergence.jensenShannon(List.of(alt(1, "a", .5)), List.of(alt(2, "b", .5)), Key.TOKEN_ID), 1e-12);
    }

    @Test
    void acrossTokenizersTextsAreTheKeys() {
        // different ids, same texts: no divergence by text, full by id
        var a = List.of(alt(10, " cat", 1.0));
        var b = List.of(alt(77, " cat", 1.0));
        assertEquals(0.0, TokenDivergence.jensenShannon(a, b, Key.TEXT), 1e-12);
        assertEquals(1.0, TokenDivergence.jensenShannon(a, b, Key.TOKEN_ID), 1e-12);
        assertEquals(true, TokenDivergence.top1Agrees(a, b, Key.TEXT));
        assertEquals(false, TokenDivergence.top1Agrees(a, b, Key.TOKEN_ID));
    }

    @Test
    void noAlternativesMeansUnknown() {
        assertNull(TokenDivergence.jensenShannon(List.of(), List.of(alt(1, "a", 1)), Key.TOKEN_ID));
        assertNull(TokenDivergence.top1Agrees(List.of(alt(1, "a", 1)), List.of(), Key.TOKEN_ID));
    }
}
