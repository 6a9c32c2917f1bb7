package io.stratumpool.pool.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Garwood limits against reference values: ½·χ² quantiles from SciPy's {@code chi2.ppf(0.025, 2n)}
 * and {@code chi2.ppf(0.975, 2n+2)}, rounded to 4 decimals; log-gamma against Python's {@code math.lgamma}.
 */
class PoissonIntervalTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0, 3.6889",
            "1, 0.0253, 5.5716",
            "2, 0.2422, 7.2247",
            "5, 1.6235, 11.6683",
            "10, 4.7954, 18.3904",
            "20, 12.2165, 30.8884",
            "100, 81.3640, 121.6268",
    })
    void matchesPublishedExactLimits(int n, double lower, double upper) {
        assertEquals(lower, PoissonInterval.lower(n), 1e-4);
        assertEquals(upper, PoissonInterval.upper(n), 1e-4);
    }

    @ParameterizedTest
    @CsvSource({"1000", "1001", "5000", "100000"})
    void approximationAboveTheExactRangeAgreesWithTheExactQuantile(int n) {
        double exactLower = PoissonInterval.gammaQuantile(n, 0.025);
        double exactUpper = PoissonInterval.gammaQuantile(n + 1, 0.975);
        assertEquals(1, PoissonInterval.lower(n) / exactLower, 1e-4);
        assertEquals(1, PoissonInterval.upper(n) / exactUpper, 1e-4);
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "2, 0", "5, 3.1780538303479458", "10.5, 13.940625219403763", "171, 706.5730622457874"})
    void computesLogGamma(double x, double expected) {
        assertEquals(expected, PoissonInterval.logGamma(x), 1e-11);
    }
}
