// A real `tursodb --sync-server` process for tests (scripts/install-tursodb.sh installs it;
// $LIBSQLSTORE_TURSODB overrides where). Started on a free loopback port with its own database
// file; can be killed and restarted on the same port and file (the primary going away and
// coming back). Stopped by PID when destroyed.
#pragma once

#include <optional>
#include <string>

#include <sys/types.h>

namespace libsqlstore::testing {

class TursodbServer {
 public:
  /// The binary, or nullopt when it is not installed (tests skip then).
  static std::optional<std::string> binary();

  /// Starts a server on a new database in `dir`. Throws std::runtime_error if it never answers.
  explicit TursodbServer(const std::string& dir);
  ~TursodbServer();
  TursodbServer(const TursodbServer&) = delete;
  TursodbServer& operator=(const TursodbServer&) = delete;
  TursodbServer(TursodbServer&&) = delete;
  TursodbServer& operator=(TursodbServer&&) = delete;

  /// "http://127.0.0.1:PORT".
  std::string url() const;
  /// The server's database file.
  const std::string& db_path() const { return db_path_; }
  /// SIGKILL, as a crash or a power cut of the primary would.
  void kill();
  /// Starts it again on the same port and database.
  void restart();
  bool running() const { return pid_ > 0; }

 private:
  bool start(int port);
  std::string dir_;
  std::string db_path_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace libsqlstore::testing
