// zbench's version: the project version and, when built from a git checkout,
// its description ("0.1.0 (v0.1.0-12-gabc1234)"). Every report records it.
#pragma once

namespace zb {

const char* version();

}  // namespace zb
