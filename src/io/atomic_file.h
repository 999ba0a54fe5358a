// Crash-safe file output: write a temporary file in the destination's
// directory, then rename it over the destination (rename is atomic on POSIX
// file systems). A reader sees the old file or the new one, never a partial
// one, and a failed command leaves no file. With Durability::sync the data
// and the directory are also fsynced, so the new file survives a power loss:
// that costs ~2 ms and is what calibration profiles use; measurement outputs,
// which can be measured again, skip it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace zb {

enum class Durability { rename_only, sync };

Status write_file_atomic(const std::string& path, std::string_view contents, Durability durability = Durability::rename_only);

// For writers that need a path (a library that opens it): `produce` writes the file at
// the temporary path it is given; on success the file is fsynced and renamed
// into place, on failure the temporary file is removed.
Status produce_file_atomic(const std::string& path, const std::function<Status(const std::string& temp_path)>& produce,
                           Durability durability = Durability::rename_only);

}  // namespace zb
