#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace zb {

namespace {

std::string directory_of(const std::string& path) {
    const auto parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

// Creates a unique temporary file next to `path`; returns its fd and name.
Result<std::pair<int, std::string>> make_temp_next_to(const std::string& path) {
    std::string pattern = path + ".tmp.XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const int fd = mkstemp(buf.data());
    if (fd < 0)
        return make_error(path, ": cannot create a file in ", directory_of(path), " (", std::strerror(errno),
                          "); check that the directory exists and is writable");
    return std::make_pair(fd, std::string(buf.data()));
}

Status sync_and_rename(const std::string& temp, const std::string& path, Durability durability) {
    if (durability == Durability::sync) {
        const int fd = ::open(temp.c_str(), O_RDONLY);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }
    ::chmod(temp.c_str(), 0644);
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(temp.c_str());
        return make_error(path, ": cannot replace the file (", std::strerror(err), ")");
    }
    if (durability == Durability::sync) {
        const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY);
        if (dir >= 0) {
            ::fsync(dir);
            ::close(dir);
        }
    }
    return {};
}

}  // namespace

Status write_file_atomic(const std::string& path, std::string_view contents, Durability durability) {
    auto temp = make_temp_next_to(path);
    if (!temp) return temp.error();
    auto [fd, name] = *temp;
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            std::remove(name.c_str());
            return make_error(path, ": write failed (", std::strerror(err), ")");
        }
        written += static_cast<std::size_t>(n);
    }
    if ((durability == Durability::sync && ::fsync(fd) != 0) || ::close(fd) != 0) {
        const int err = errno;
        std::remove(name.c_str());
        return make_error(path, ": write failed (", std::strerror(err), ")");
    }
    return sync_and_rename(name, path, durability);
}

Status produce_file_atomic(const std::string& path, const std::function<Status(const std::string&)>& produce,
                           Durability durability) {
    auto temp = make_temp_next_to(path);
    if (!temp) return temp.error();
    ::close(temp->first);
    const std::string name = temp->second;
    if (auto status = produce(name); !status) {
        std::remove(name.c_str());
        return status;
    }
    return sync_and_rename(name, path, durability);
}

}  // namespace zb
