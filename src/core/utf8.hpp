// UTF-8 validation: the one rule for every string that reaches disk (core::Db checks the text
// arguments of every write) and for what the JSON interface reads.
#pragma once

#include <cstddef>
#include <string_view>

namespace libsqlstore::core {

/// The offset of the first byte of `text` that does not belong to a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points above U+10FFFF are not well-formed), or
/// std::string_view::npos when the whole text is UTF-8.
std::size_t invalid_utf8_at(std::string_view text) noexcept;

}  // namespace libsqlstore::core
