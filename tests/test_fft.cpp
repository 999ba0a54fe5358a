// FFT wrapper: known signals with known answers (cf. cycfi/q test/fft.cpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <thread>
#include <vector>

#include "dsp/fft.h"
#include "util/rng.h"

using namespace zb;
using namespace zb::fft;

TEMPLATE_TEST_CASE("a tone exactly on a bin lands in one bin", "[fft]", float, double) {
    const std::size_t n = 1024, bin = 37;
    RealFft<TestType> fft(n);
    std::vector<TestType> x(n);
    for (std::size_t t = 0; t < n; ++t) x[t] = static_cast<TestType>(std::cos(2 * M_PI * bin * t / n));
    std::vector<std::complex<TestType>> X(fft.bins());
    fft.forward(x.data(), X.data());
    const double tol = std::is_same_v<TestType, float> ? 1e-3 : 1e-9;
    for (std::size_t k = 0; k < X.size(); ++k) {
        INFO("bin " << k);
        if (k == bin) CHECK(std::abs(X[k]) == Approx(n / 2.0).epsilon(1e-6));
        else CHECK(std::abs(X[k]) < tol);
    }
}

TEST_CASE("an impulse gives a flat spectrum", "[fft]") {
    const std::size_t n = 960;  // 2^6·3·5: mixed radix
    RealFft<double> fft(n);
    std::vector<double> x(n, 0.0);
    x[0] = 1.0;
    std::vector<std::complex<double>> X(fft.bins());
    fft.forward(x.data(), X.data());
    for (const auto& v : X) CHECK(std::abs(v - 1.0) < 1e-12);
}

TEMPLATE_TEST_CASE("forward then inverse gives n times the input back", "[fft]", float, double) {
    for (std::size_t n : {2u, 8u, 1000u, 4096u, 270000u}) {
        RealFft<TestType> fft(n);
        zb::Rng rng(n);
        std::vector<TestType> x(n), y(n);
        for (auto& v : x) v = static_cast<TestType>(rng.gaussian());
        std::vector<std::complex<TestType>> X(fft.bins());
        fft.forward(x.data(), X.data());
        fft.inverse(X.data(), y.data());
        double err = 0.0;
        for (std::size_t t = 0; t < n; ++t) err = std::max(err, std::abs(double(y[t]) / n - double(x[t])));
        INFO("n = " << n);
        CHECK(err < (std::is_same_v<TestType, float> ? 1e-4 : 1e-12));
    }
}

TEST_CASE("the real FFT matches a complex FFT of the same real data", "[fft]") {
    const std::size_t n = 4800;
    RealFft<double> rfft(n);
    ComplexFft<double> cfft(n, Direction::forward);
    zb::Rng rng(7);
    std::vector<double> x(n);
    AlignedVector<std::complex<double>> z(n);
    for (std::size_t t = 0; t < n; ++t) z[t] = x[t] = rng.gaussian();
    cfft.execute(z.data(), z.data());
    std::vector<std::complex<double>> X(rfft.bins());
    rfft.forward(x.data(), X.data());
    for (std::size_t k = 0; k < X.size(); ++k) CHECK(std::abs(X[k] - z[k]) < 1e-9);
}

TEST_CASE("two real signals share one complex transform", "[fft]") {
    const std::size_t n = 3000;
    ComplexFft<double> cfft(n, Direction::forward);
    RealFft<double> rfft(n);
    zb::Rng rng(3);
    std::vector<double> a(n), b(n);
    for (std::size_t t = 0; t < n; ++t) {
        a[t] = rng.gaussian();
        b[t] = rng.gaussian();
    }
    std::vector<std::complex<double>> A(n / 2 + 1), B(n / 2 + 1), Ar(n / 2 + 1), Br(n / 2 + 1);
    AlignedVector<std::complex<double>> scratch;
    forward_two_real(cfft, a.data(), b.data(), A.data(), B.data(), scratch);
    rfft.forward(a.data(), Ar.data());
    rfft.forward(b.data(), Br.data());
    for (std::size_t k = 0; k <= n / 2; ++k) {
        CHECK(std::abs(A[k] - Ar[k]) < 1e-9);
        CHECK(std::abs(B[k] - Br[k]) < 1e-9);
    }
}

TEST_CASE("good_size returns an even 5-smooth size not below n", "[fft]") {
    for (std::size_t n : {1u, 2u, 7u, 97u, 1001u, 262145u, 264000u, 270000u}) {
        const std::size_t g = good_size(n);
        CHECK(g >= n);
        CHECK(g % 2 == 0);
        std::size_t r = g;
        for (std::size_t p : {2u, 3u, 5u})
            while (r % p == 0) r /= p;
        CHECK(r == 1);
        CHECK(g <= 2 * std::max<std::size_t>(n, 2));
    }
    CHECK(good_size(270000) == 270000);  // 2^4·3^3·5^4
    CHECK(good_size(264000) == 270000);  // 264000 has a factor 11
}

TEST_CASE("plans may be executed from several threads at once", "[fft]") {
    const std::size_t n = 8192;
    RealFft<double> reference(n);
    std::vector<double> x(n);
    for (std::size_t t = 0; t < n; ++t) x[t] = std::sin(0.01 * t) + 0.5 * std::cos(0.3 * t);
    std::vector<std::complex<double>> expected(reference.bins());
    reference.forward(x.data(), expected.data());
    std::vector<double> worst(4, 0.0);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] {
            RealFft<double> fft(n);  // planning is serialised inside
            std::vector<std::complex<double>> X(fft.bins());
            for (int r = 0; r < 50; ++r) {
                fft.forward(x.data(), X.data());
                for (std::size_t k = 0; k < X.size(); ++k) worst[i] = std::max(worst[i], std::abs(X[k] - expected[k]));
            }
        });
    }
    for (auto& t : threads) t.join();
    for (double w : worst) CHECK(w < 1e-9);
}
