// What the commands for people share: whether a stream is a terminal, progress bars, sizes and
// aligned tables.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace libsqlstore::cli {

bool is_terminal(FILE* f);

/// A progress bar on stderr, rewritten in place; nothing when stderr is not a terminal. Ends
/// its line once `done` reaches `total`.
void show_progress(const std::string& label, std::int64_t done, std::int64_t total);

/// 1536 -> "1.5 KiB", 3 -> "3 B".
std::string human_size(std::int64_t bytes);

/// Prints rows as columns padded to their widest cell; the first row is the heading. Columns of
/// numbers (and sizes) are right-aligned, the others left-aligned.
void print_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace libsqlstore::cli
