#include "terminal.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>

#include <unistd.h>

namespace libsqlstore::cli {

bool is_terminal(FILE* f) { return isatty(fileno(f)) == 1; }

void show_progress(const std::string& label, std::int64_t done, std::int64_t total) {
  if (!is_terminal(stderr)) return;
  const int percent =
      total > 0 ? static_cast<int>(std::min<std::int64_t>(done * 100 / total, 100)) : 100;
  const int filled = percent / 5;
  std::cerr << "\r" << label << " [" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(20 - filled), ' ') << "] " << done << "/"
            << total << std::flush;
  if (done >= total) std::cerr << "\n";
}

std::string human_size(std::int64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  if (unit == 0) {
    std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
  }
  return buf;
}

void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  std::vector<bool> numeric;  // every cell below the heading a number (or a size): right-aligned
  const auto is_number = [](const std::string& cell) {
    return !cell.empty() &&
           (std::isdigit(static_cast<unsigned char>(cell.front())) != 0 || cell == "?") &&
           cell.find_first_of(":T") == std::string::npos;
  };
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (width.size() < row.size()) {
      width.resize(row.size(), 0);
      numeric.resize(row.size(), true);
    }
    for (std::size_t c = 0; c < row.size(); ++c) {
      width[c] = std::max(width[c], row[c].size());
      if (r > 0 && !is_number(row[c])) numeric[c] = false;
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c > 0) line += "  ";
      line += numeric[c] && c > 0 ? pad + row[c] : row[c] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  }
}

}  // namespace libsqlstore::cli
