// The floor under bench_impedance's "whole process" figure: the least a
// C++/FFTW program can do with the same file and still be called an FFT
// analysis. It reads the two-channel float WAV, plans (FFTW_ESTIMATE) and runs
// one forward and one inverse complex FFT of the full length, and writes a
// 527-line curve. None of zbench's work: no delay estimate, hum removal,
// windowing, checks or report.
// `--empty` returns at once: the cost of exec and exit alone.
//
// Usage: bench_process_floor --empty | bench_process_floor IN.wav OUT.txt
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fftw3.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "--empty") == 0) return 0;
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_process_floor --empty | bench_process_floor IN.wav OUT.txt\n");
        return 2;
    }
    // The size is the file's: 2^18 frames of two floats after a small header.
    constexpr int kFrames = 1 << 18;
    auto* z = static_cast<fftwf_complex*>(fftwf_malloc(sizeof(fftwf_complex) * kFrames));
    fftwf_plan forward = fftwf_plan_dft_1d(kFrames, z, z, FFTW_FORWARD, FFTW_ESTIMATE);
    fftwf_plan inverse = fftwf_plan_dft_1d(kFrames, z, z, FFTW_BACKWARD, FFTW_ESTIMATE);
    const int fd = ::open(argv[1], O_RDONLY);
    struct stat st;
    std::size_t capacity = 0, size = 0;
    if (fd >= 0 && ::fstat(fd, &st) == 0) capacity = static_cast<std::size_t>(st.st_size);
    std::unique_ptr<char[]> file(new char[capacity + 1]);  // not zeroed: read fills it
    for (ssize_t got; size < capacity && (got = ::read(fd, file.get() + size, capacity - size)) > 0;)
        size += static_cast<std::size_t>(got);
    if (fd >= 0) ::close(fd);
    // The "data" chunk of a float WAV (bench_impedance writes one).
    std::size_t at = 12, data = 0, data_bytes = 0;
    while (at + 8 <= size && size >= 12) {
        std::uint32_t len;
        std::memcpy(&len, file.get() + at + 4, 4);
        if (std::memcmp(file.get() + at, "data", 4) == 0) {
            data = at + 8;
            data_bytes = std::min<std::size_t>(len, size - data);
            break;
        }
        at += 8 + len + (len & 1);
    }
    const std::size_t n = kFrames;
    if (data_bytes != n * sizeof(fftwf_complex)) {
        std::fprintf(stderr, "bench_process_floor: %s: not 2^18 frames of two floats\n", argv[1]);
        return 1;
    }
    std::memcpy(z, file.get() + data, n * sizeof(fftwf_complex));  // after planning: ESTIMATE does not read it
    fftwf_execute(forward);
    const float scale = 1.0f / static_cast<float>(n);
    for (std::size_t k = 0; k < n; ++k) {
        z[k][0] *= scale;
        z[k][1] *= scale;
    }
    fftwf_execute(inverse);
    FILE* out = std::fopen(argv[2], "w");
    if (!out) return 1;
    for (int i = 0; i < 527; ++i) std::fprintf(out, "%.6f\t%.6f\t%.4f\n", 10.0 * i, z[i][0], z[i][1]);
    std::fclose(out);
    fftwf_destroy_plan(forward);
    fftwf_destroy_plan(inverse);
    fftwf_free(z);
    return 0;
}
