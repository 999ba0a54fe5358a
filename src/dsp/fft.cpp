#include "dsp/fft.h"

#include <fftw3.h>

#include <cassert>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <tuple>

namespace zb::fft {

void* aligned_alloc_bytes(std::size_t bytes) { return fftw_malloc(bytes == 0 ? 1 : bytes); }
void aligned_free(void* p) { fftw_free(p); }

std::size_t good_size(std::size_t n) {
    if (n < 2) return 2;
    std::size_t best = 0;
    for (std::size_t p2 = 2; p2 < 2 * n + 2; p2 *= 2) {
        for (std::size_t p3 = p2; p3 < 2 * n + 2; p3 *= 3) {
            for (std::size_t p5 = p3; p5 < 2 * n + 2; p5 *= 5) {
                if (p5 >= n && (best == 0 || p5 < best)) best = p5;
            }
        }
    }
    return best;
}

std::size_t power_of_two_size(std::size_t n) {
    std::size_t p = 2;
    while (p < n) p *= 2;
    return p;
}

namespace {

template <class Real>
struct Fftw;

template <>
struct Fftw<double> {
    using plan = fftw_plan;
    using cplx = fftw_complex;
    static plan plan_dft(int n, cplx* in, cplx* out, int sign) {
        return fftw_plan_dft_1d(n, in, out, sign, FFTW_ESTIMATE);
    }
    static void execute(plan p, cplx* in, cplx* out) { fftw_execute_dft(p, in, out); }
    static cplx* alloc(std::size_t n) { return fftw_alloc_complex(n); }
    static void free(cplx* p) { fftw_free(p); }
};

template <>
struct Fftw<float> {
    using plan = fftwf_plan;
    using cplx = fftwf_complex;
    static plan plan_dft(int n, cplx* in, cplx* out, int sign) {
        return fftwf_plan_dft_1d(n, in, out, sign, FFTW_ESTIMATE);
    }
    static void execute(plan p, cplx* in, cplx* out) { fftwf_execute_dft(p, in, out); }
    static cplx* alloc(std::size_t n) { return fftwf_alloc_complex(n); }
    static void free(cplx* p) { fftwf_free(p); }
};

// Process-wide plan cache. Plans live until exit; FFTW plans are small.
// The map itself is never destroyed, so the plans stay reachable to the very
// end (LeakSanitizer checks after static destructors have run). FFTW's
// planner is not thread-safe, so the one mutex guards both the map and every
// planner call.
template <class Real>
void* cached_plan(std::size_t n, Direction direction, bool in_place) {
    using F = Fftw<Real>;
    using Key = std::tuple<std::size_t, int, bool>;
    static auto& cache = *new std::map<Key, void*>;
    static std::mutex mutex;
    const Key key = std::make_tuple(n, direction == Direction::forward ? 0 : 1, in_place);
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    typename F::cplx* in = F::alloc(n);
    typename F::cplx* out = in_place ? in : F::alloc(n);
    auto p = F::plan_dft(static_cast<int>(n), in, out, direction == Direction::forward ? FFTW_FORWARD : FFTW_BACKWARD);
    if (!in_place) F::free(out);
    F::free(in);
    if (!p) throw std::runtime_error("FFTW could not plan a transform of this size");
    cache.emplace(key, p);
    return p;
}

}  // namespace

// e^{-j2πk/n}: an exact value at the start of each block of 64 k times a
// 64-entry fine table, so the error stays at a few ulps without a sincos
// per k. Cheapest when k ascends (one sincos per block).
Twiddles::Twiddles(std::size_t n) : step_(-2.0 * M_PI / static_cast<double>(n)) {
    for (std::size_t j = 0; j < kFine; ++j) fine_[j] = std::polar(1.0, step_ * static_cast<double>(j));
}

std::complex<double> Twiddles::operator()(std::size_t k) {
    const std::size_t block = k / kFine;
    if (block != block_) {
        block_ = block;
        coarse_ = std::polar(1.0, step_ * static_cast<double>(block * kFine));
    }
    const std::complex<double> f = fine_[k % kFine];  // the product in real arithmetic: no NaN branch
    return {coarse_.real() * f.real() - coarse_.imag() * f.imag(), coarse_.real() * f.imag() + coarse_.imag() * f.real()};
}

template <class Real>
ComplexFft<Real>::ComplexFft(std::size_t n, Direction direction) : n_(n), direction_(direction) {
    if (n == 0) throw std::invalid_argument("FFT size must be positive");
}

template <class Real>
void ComplexFft<Real>::execute(const Complex* in, Complex* out) const {
    using F = Fftw<Real>;
    auto* fin = reinterpret_cast<typename F::cplx*>(const_cast<Complex*>(in));
    auto* fout = reinterpret_cast<typename F::cplx*>(out);
    assert(fftw_alignment_of(reinterpret_cast<double*>(fin)) == 0);
    assert(fftw_alignment_of(reinterpret_cast<double*>(fout)) == 0);
    void*& slot = in == out ? plan_in_place_ : plan_out_of_place_;
    if (!slot) slot = cached_plan<Real>(n_, direction_, in == out);
    F::execute(static_cast<typename F::plan>(slot), fin, fout);
}

template <class Real>
RealFft<Real>::RealFft(std::size_t n)
    : n_(n),
      half_forward_((n < 2 ? 2 : n) / 2, Direction::forward),
      half_inverse_((n < 2 ? 2 : n) / 2, Direction::inverse),
      twiddles_(n),
      scratch_(n / 2) {
    if (n < 2 || n % 2 != 0) throw std::invalid_argument("RealFft size must be even and >= 2");
}

template <class Real>
void real_forward_in_place(const ComplexFft<Real>& half_forward, std::complex<Real>* z, Twiddles& w) {
    using Complex = std::complex<Real>;
    const std::size_t h = half_forward.size();
    half_forward.execute(z, z);
    // X[k] = E + w_k·O with E = (Z[k] + Z*[h−k])/2, O = −j(Z[k] − Z*[h−k])/2;
    // X[h−k] = (E − w_k·O)*, since swapping k and h−k conjugates E and O and
    // w_{h−k} = −w_k*. Each pair is read before either is written.
    for (std::size_t k = 1; 2 * k <= h; ++k) {
        const std::complex<double> wk = w(k);
        const Real wr = static_cast<Real>(wk.real()), wi = static_cast<Real>(wk.imag());
        const Complex a = z[k], b = z[h - k];
        const Real er = Real(0.5) * (a.real() + b.real()), ei = Real(0.5) * (a.imag() - b.imag());
        const Real odd_r = Real(0.5) * (a.imag() + b.imag()), odd_i = Real(0.5) * (b.real() - a.real());
        const Real tr = wr * odd_r - wi * odd_i, ti = wr * odd_i + wi * odd_r;
        z[k] = Complex(er + tr, ei + ti);
        if (2 * k < h) z[h - k] = Complex(er - tr, ti - ei);
    }
    z[0] = Complex(z[0].real() + z[0].imag(), z[0].real() - z[0].imag());
}

template <class Real>
void real_forward_in_place(const ComplexFft<Real>& half_forward, std::complex<Real>* z) {
    Twiddles w(2 * half_forward.size());
    real_forward_in_place(half_forward, z, w);
}

template <class Real>
void RealFft<Real>::forward(const Real* x, Complex* spectrum) const {
    const std::size_t h = n_ / 2;
    Complex* z = scratch_.data();
    for (std::size_t m = 0; m < h; ++m) z[m] = Complex(x[2 * m], x[2 * m + 1]);
    real_forward_in_place(half_forward_, z, twiddles_);
    spectrum[0] = Complex(z[0].real(), 0);
    spectrum[h] = Complex(z[0].imag(), 0);
    for (std::size_t k = 1; k < h; ++k) spectrum[k] = z[k];
}

template <class Real>
void RealFft<Real>::inverse(const Complex* spectrum, Real* x) const {
    const std::size_t h = n_ / 2;
    Complex* z = scratch_.data();
    for (std::size_t k = 0; k < h; ++k) {
        const Complex xk = spectrum[k];
        const Complex xc = std::conj(spectrum[h - k]);  // = X[k + n/2]
        const Complex even = xk + xc;
        const std::complex<double> w = twiddles_(k);
        const Complex tw(static_cast<Real>(w.real()), static_cast<Real>(-w.imag()));
        const Complex odd = (xk - xc) * tw;
        z[k] = even + Complex(0, 1) * odd;
    }
    half_inverse_.execute(z, z);
    for (std::size_t m = 0; m < h; ++m) {
        x[2 * m] = z[m].real();
        x[2 * m + 1] = z[m].imag();
    }
}

template <class Real>
void forward_two_real(const ComplexFft<Real>& fft, const Real* a, const Real* b, std::complex<Real>* A,
                      std::complex<Real>* B, AlignedVector<std::complex<Real>>& scratch) {
    using Complex = std::complex<Real>;
    const std::size_t n = fft.size();
    scratch.resize(n);
    for (std::size_t t = 0; t < n; ++t) scratch[t] = Complex(a[t], b[t]);
    fft.execute(scratch.data(), scratch.data());
    for (std::size_t k = 0; k <= n / 2; ++k) {
        const Complex zk = scratch[k];
        const Complex zc = std::conj(scratch[k == 0 ? 0 : n - k]);
        A[k] = (zk + zc) * Real(0.5);
        B[k] = (zk - zc) * Complex(0, Real(-0.5));
    }
}

template class ComplexFft<float>;
template class ComplexFft<double>;
template class RealFft<float>;
template class RealFft<double>;
template void real_forward_in_place<float>(const ComplexFft<float>&, std::complex<float>*);
template void real_forward_in_place<double>(const ComplexFft<double>&, std::complex<double>*);
template void forward_two_real<float>(const ComplexFft<float>&, const float*, const float*, std::complex<float>*,
                                      std::complex<float>*, AlignedVector<std::complex<float>>&);
template void forward_two_real<double>(const ComplexFft<double>&, const double*, const double*,
                                       std::complex<double>*, std::complex<double>*,
                                       AlignedVector<std::complex<double>>&);

}  // namespace zb::fft
