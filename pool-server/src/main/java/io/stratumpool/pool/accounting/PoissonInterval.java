package io.stratumpool.pool.accounting;

/**
 * Two-sided 95 % confidence limits for the mean of a Poisson count: Garwood's exact interval,
 * lower = ½·χ²(0.025; 2n), upper = ½·χ²(0.975; 2n+2), computed as Gamma quantiles
 * (½·χ²(p; 2a) is the p-quantile of Gamma(a, 1)). It is conservative: coverage is at least 95 %.
 * Counts need not be integers (an effective count for mixed difficulties is one). Up to 1000 the
 * quantiles are found by bisection on the regularized incomplete gamma function; above, the
 * Wilson–Hilferty cube-root approximation is used, whose relative error there is below 1e-4.
 */
public final class PoissonInterval {
    private static final double Z_975 = 1.959963984540054;
    private static final double EXACT_LIMIT = 1000;

    private PoissonInterval() {
    }

    /** The lower 95 % limit for the mean given {@code n} events (0 for n = 0). */
    public static double lower(double n) {
        if (n <= 0) {
            return 0;
        }
        return n > EXACT_LIMIT ? wilsonHilferty(n, -Z_975) : gammaQuantile(n, 0.025);
    }

    /** The upper 95 % limit for the mean given {@code n} events (3.689 for n = 0). */
    public static double upper(double n) {
        double shape = Math.max(0, n) + 1;
        return shape > EXACT_LIMIT ? wilsonHilferty(shape, Z_975) : gammaQuantile(shape, 0.975);
    }

    /** p-quantile of Gamma(shape, 1) from ½·χ² with 2·shape degrees of freedom, Wilson–Hilferty. */
    private static double wilsonHilferty(double shape, double z) {
        double k = 2 * shape;
        double c = 2 / (9 * k);
        double cube = 1 - c + z * Math.sqrt(c);
        return k * cube * cube * cube / 2;
    }

    /** Bisection: P is increasing in x, and 60 halvings of the bracket are far below double noise. */
    static double gammaQuantile(double shape, double p) {
        double lo = 0;
        double hi = shape + 12 * Math.sqrt(shape) + 12;
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (regularizedGammaP(shape, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** P(a, x) = γ(a, x)/Γ(a): series below a+1, continued fraction (modified Lentz) above. */
    static double regularizedGammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        double logPrefix = -x + a * Math.log(x) - logGamma(a);
        return x < a + 1 ? series(a, x) * Math.exp(logPrefix) : 1 - continuedFraction(a, x) * Math.exp(logPrefix);
    }

    private static double series(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-16; n++) {
            term *= x / (a + n);
            sum += term;
        }
        return sum;
    }

    private static double continuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return h;
    }

    /** ln Γ(x) for x > 0: Stirling's series after shifting x above 10 (error below 1e-13). */
    static double logGamma(double x) {
        double shift = 0;
        while (x < 10) {
            shift += Math.log(x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
        return stirling - shift;
    }
}
