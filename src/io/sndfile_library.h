// libsndfile, loaded with dlopen on first use.
//
// zbench reads and writes the WAV files it meets every day (PCM 16/24/32-bit,
// 32/64-bit float, WAVE_FORMAT_EXTENSIBLE) itself (io/wav_format.h). Linking
// libsndfile loaded it and its codec libraries (FLAC, Vorbis, Opus, mpg123,
// LAME, Ogg) at every start, ~5 ms of dynamic loading even for
// `zbench --version`. Only a file the WAV reader leaves to libsndfile (AIFF,
// FLAC, RF64, unusual or malformed WAV layouts...) loads it now; it stays
// loaded until exit. Same pattern as audio/rtaudio_library.h.
#pragma once

#include <sndfile.h>

#include <string>

namespace zb {

// The functions zbench uses, with sndfile.h's signatures.
struct SndfileLibrary {
    decltype(&sf_open_fd) open_fd;
    decltype(&sf_open_virtual) open_virtual;
    decltype(&sf_close) close;
    decltype(&sf_strerror) strerror;
    decltype(&sf_command) command;
    decltype(&sf_readf_float) readf_float;
    decltype(&sf_get_string) get_string;
};

// The loaded library, or nullptr with *why set (one line: dlopen's reason).
const SndfileLibrary* sndfile_library(std::string* why);

// The soname zbench loads and the Debian package that provides it.
inline constexpr const char* kSndfileSoname = "libsndfile.so.1";
inline constexpr const char* kSndfilePackage = "libsndfile1";

}  // namespace zb
