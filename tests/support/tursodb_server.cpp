#include "tursodb_server.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace libsqlstore::testing {

std::optional<std::string> TursodbServer::binary() {
  std::string path;
  if (const char* env = std::getenv("LIBSQLSTORE_TURSODB"); env && *env) {
    path = env;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    path = std::string(home) + "/.cache/libsqlstore/tursodb-0.6.0/tursodb";
  }
  if (path.empty() || ::access(path.c_str(), X_OK) != 0) return std::nullopt;
  return path;
}

TursodbServer::TursodbServer(const std::string& dir) : dir_(dir), db_path_(dir + "/primary.db") {
  std::filesystem::create_directories(dir_);
  std::mt19937 rng(std::random_device{}());
  for (int attempt = 0; attempt < 8; ++attempt) {
    if (start(20000 + static_cast<int>(rng() % 30000))) return;
  }
  throw std::runtime_error("tursodb did not come up");
}

TursodbServer::~TursodbServer() { kill(); }

std::string TursodbServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

bool TursodbServer::start(int port) {
  const auto bin = binary();
  if (!bin) throw std::runtime_error("tursodb is not installed");
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  const std::string log = dir_ + "/server.log";
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    FILE* out = std::freopen(log.c_str(), "a", stdout);
    (void)out;
    ::dup2(STDOUT_FILENO, STDERR_FILENO);
    ::execl(bin->c_str(), bin->c_str(), db_path_.c_str(), "--sync-server", listen.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  pid_ = pid;
  port_ = port;
  httplib::Client probe("127.0.0.1", port);
  probe.set_connection_timeout(std::chrono::milliseconds(200));
  for (int i = 0; i < 100; ++i) {
    auto res = probe.Post("/v2/pipeline", R"({"requests":[]})", "application/json");
    if (res && res->status == 200) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) break;  // exited: port taken?
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill();
  return false;
}

void TursodbServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void TursodbServer::restart() {
  kill();
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (start(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("tursodb did not come back on port " + std::to_string(port_));
}

}  // namespace libsqlstore::testing
