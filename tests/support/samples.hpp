// Random samples for tests and benchmarks, drawn by inverse CDF from uniform
// doubles so that they do not depend on the standard library's distributions.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace slakit::testing {

inline double uniform_open(std::mt19937_64& g) {  // in (0, 1)
    return (static_cast<double>(g() >> 11) + 0.5) * 0x1p-53;
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
inline double inverse_normal_cdf(double p) {
    constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                            1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01, -1.328068155288572e+01};
    constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    auto tail = [&](double q) {
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    };
    constexpr double low = 0.02425;
    if (p < low) return tail(std::sqrt(-2 * std::log(p)));
    if (p > 1 - low) return -tail(std::sqrt(-2 * std::log(1 - p)));
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// Response times in ms: median 20 s, a long right tail.
inline std::int64_t log_normal_ms(std::mt19937_64& g) {
    return std::llround(std::exp(std::log(20'000.0) + 1.5 * inverse_normal_cdf(uniform_open(g))));
}

inline std::vector<std::int64_t> log_normal_samples(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::vector<std::int64_t> v(n);
    for (auto& x : v) x = log_normal_ms(g);
    return v;
}

// Pareto with scale 1000 ms and shape 1.1: a heavy tail with barely a mean.
inline std::vector<std::int64_t> pareto_samples(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::vector<std::int64_t> v(n);
    for (auto& x : v) x = std::llround(1000.0 * std::pow(uniform_open(g), -1.0 / 1.1));
    return v;
}

}  // namespace slakit::testing
