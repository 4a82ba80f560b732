#include "live_helpers.hpp"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "sim/live/lab.hpp"
#include "sim/scenario/load.hpp"

namespace synack::live::testing {

const std::string& cannot_run() {
  static const std::string why = [] {
    std::string missing = missing_privileges();
    if (!missing.empty()) return missing;
    const std::string probe = name_prefix(getpid()) + "probe";
    if (std::string e = run_tool({"ip", "netns", "add", probe}); !e.empty()) {
      return "cannot create a network namespace: " + e;
    }
    run_tool({"ip", "netns", "delete", probe});
    return std::string();
  }();
  return why;
}

std::vector<std::string> namespaces() {
  std::vector<std::string> out;
  if (DIR* dir = opendir("/run/netns")) {
    while (const dirent* e = readdir(dir)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") out.push_back(name);
    }
    closedir(dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> namespaces_of(int pid) {
  std::vector<std::string> out;
  const std::string prefix = name_prefix(pid);
  for (const std::string& n : namespaces()) {
    if (n.rfind(prefix, 0) == 0) out.push_back(n);
  }
  return out;
}

scenario::Scenario load_scenario(const std::string& name) {
  scenario::LoadResult r =
      scenario::load_file(std::string(SYNACK_SOURCE_DIR) + "/scenarios/" + name + ".yaml");
  if (!r.ok()) throw std::runtime_error(r.errors.front().to_string());
  return *r.scenario;
}

int spawn_synack(const std::vector<std::string>& args, int err_fd, void (*before_exec)()) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  if (before_exec != nullptr) before_exec();
  if (err_fd >= 0) dup2(err_fd, STDERR_FILENO);
  std::vector<char*> argv{const_cast<char*>(SYNACK_BIN)};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  freopen("/dev/null", "w", stdout);
  execv(SYNACK_BIN, argv.data());
  _exit(127);
}

int wait_for(int pid, int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < end) {
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace synack::live::testing
