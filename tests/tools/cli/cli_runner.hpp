// Running the `libsqlstore` binary as a user does, for the CLI's tests: arguments through a
// shell, stdin from a file, stdout and stderr captured.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "store_fixture.hpp"

namespace libsqlstore {

struct Run {
  int exit_code = -1;
  std::vector<std::string> out;  ///< stdout lines
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// Runs the CLI with `args` (shell-quoted by the caller) and `input` on stdin; `env` (e.g.
/// "LIBSQLSTORE_URL=x ") is put in front of the command.
inline Run run_cli(const std::string& args, const std::string& input, const std::string& env = "") {
  const auto in = testing::temp_path(".in");
  const auto out = testing::temp_path(".out");
  const auto err = testing::temp_path(".err");
  std::ofstream(in, std::ios::binary) << input;
  const std::string cmd =
      env + "'" + LIBSQLSTORE_CLI + "' " + args + " <'" + in + "' >'" + out + "' 2>'" + err + "'";
  const int status = std::system(cmd.c_str());
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = lines_of(slurp(out));
  r.err = slurp(err);
  return r;
}

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace libsqlstore
