// FFT: RAII wrappers around FFTW3 (Frigo & Johnson, Proc. IEEE 93(2), 2005).
//
// Plans are made once per (precision, size, direction, placement) and cached
// for the life of the process. Complex plans use FFTW_ESTIMATE, which for c2c
// transforms costs microseconds. FFTW's own r2c/c2r planner costs milliseconds
// per size, which dominates a one-shot CLI, so RealFft computes a real
// transform of even length n from one complex transform of n/2 points plus an
// O(n) split (the classic "two for one" method,
// e.g. Press et al., Numerical Recipes, §12.3). Scaling follows FFTW: forward
// is Σ x e^{-j2πkt/n}; inverse is unnormalised, so inverse(forward(x)) = n·x.
//
// Threading contract (FFTW manual §5.4): only the planner is thread-unsafe.
// An Fft object plans on its first execute() (under a global mutex), so the
// first call should happen on a non-real-time thread; after that, execute()
// may run concurrently on different arrays from any thread (new-array
// execute). Arrays passed to execute must come from AlignedVector (SIMD
// alignment equal to the planning arrays). Never construct an Fft object in an
// audio callback.
#pragma once

#include <complex>
#include <cstddef>
#include <new>
#include <vector>

namespace zb::fft {

// Allocator returning fftw_malloc'd (SIMD-aligned) memory.
void* aligned_alloc_bytes(std::size_t bytes);
void aligned_free(void* p);

template <class T>
struct FftwAllocator {
    using value_type = T;
    FftwAllocator() = default;
    template <class U>
    FftwAllocator(const FftwAllocator<U>&) {}
    T* allocate(std::size_t n) {
        void* p = aligned_alloc_bytes(n * sizeof(T));
        if (!p) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t) { aligned_free(p); }
    template <class U>
    bool operator==(const FftwAllocator<U>&) const { return true; }
};

template <class T>
using AlignedVector = std::vector<T, FftwAllocator<T>>;

enum class Direction { forward, inverse };

// Smallest size >= n of the form 2^a·3^b·5^c with a >= 1 (even, FFT-friendly).
std::size_t good_size(std::size_t n);
// Smallest power of two >= n. Plans for powers of two share FFTW's twiddle
// tables, so once one large one exists the smaller ones plan cheaply.
std::size_t power_of_two_size(std::size_t n);

template <class Real>
class ComplexFft {
public:
    using Complex = std::complex<Real>;
    ComplexFft(std::size_t n, Direction direction);
    std::size_t size() const { return n_; }
    // in and out: AlignedVector storage of size() elements; in == out allowed.
    void execute(const Complex* in, Complex* out) const;

private:
    std::size_t n_;
    Direction direction_;
    mutable void* plan_out_of_place_ = nullptr;  // made on first use (planning costs time)
    mutable void* plan_in_place_ = nullptr;
};

// e^{-j2πk/n} for any k, a few ulps from exact; cheapest for ascending k.
class Twiddles {
public:
    explicit Twiddles(std::size_t n);
    std::complex<double> operator()(std::size_t k);

private:
    static constexpr std::size_t kFine = 64;
    double step_;
    std::complex<double> fine_[kFine];
    std::size_t block_ = static_cast<std::size_t>(-1);
    std::complex<double> coarse_;
};

// Real transform of even length n. forward: n reals -> n/2+1 bins;
// inverse: n/2+1 bins (Hermitian half) -> n reals, unnormalised.
template <class Real>
class RealFft {
public:
    using Complex = std::complex<Real>;
    explicit RealFft(std::size_t n);
    std::size_t size() const { return n_; }
    std::size_t bins() const { return n_ / 2 + 1; }
    // Thread contract: one RealFft object per thread (it owns scratch space).
    void forward(const Real* x, Complex* spectrum) const;
    void inverse(const Complex* spectrum, Real* x) const;

private:
    std::size_t n_;
    ComplexFft<Real> half_forward_;
    ComplexFft<Real> half_inverse_;
    mutable Twiddles twiddles_;  // e^{-j2πk/n}
    mutable AlignedVector<Complex> scratch_;
};

// The forward transform of n = 2·half_forward.size() reals in place, in
// n/2 complex values: on entry z[m] = x[2m] + j·x[2m+1] (AlignedVector
// storage); on return z[k] = X[k] for 0 < k < n/2 and z[0] = X[0] + j·X[n/2]
// (both real). The rest of the spectrum is X[n−k] = X*[k].
template <class Real>
void real_forward_in_place(const ComplexFft<Real>& half_forward, std::complex<Real>* z);

// Spectra of two real signals of length n (any n) from one complex FFT of n
// points: z = a + j·b, A[k] = (Z[k] + Z*[n-k])/2, B[k] = (Z[k] - Z*[n-k])/(2j).
// Writes n/2+1 bins to each of A and B. `scratch` is resized as needed.
template <class Real>
void forward_two_real(const ComplexFft<Real>& fft, const Real* a, const Real* b, std::complex<Real>* A,
                      std::complex<Real>* B, AlignedVector<std::complex<Real>>& scratch);

extern template class ComplexFft<float>;
extern template class ComplexFft<double>;
extern template class RealFft<float>;
extern template class RealFft<double>;

}  // namespace zb::fft
