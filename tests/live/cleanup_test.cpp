// Live mode's promises to the machine: every namespace it made is gone after
// SIGTERM; a run killed with SIGKILL leaves its namespaces, which the next
// run removes (only those whose process is gone); without the privileges it
// says what is missing and exits 2.
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "live_helpers.hpp"
#include "sim/live/lab.hpp"

namespace synack::live {
namespace {

using testing::namespaces;
using testing::namespaces_of;

// Starts `synack live` on a scenario whose script runs for 3 s, and waits until
// its namespaces exist.
int start_live_run() {
  const int pid = testing::spawn_synack(
      {"live", std::string(SYNACK_SOURCE_DIR) + "/scenarios/arp_same_subnet.yaml", "--quiet"});
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < end && namespaces_of(pid).size() < 3) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pid;
}

TEST(LiveCleanup, SigtermRemovesEveryNamespace) {
  SKIP_UNLESS_LIVE();
  const std::vector<std::string> before = namespaces();
  const int pid = start_live_run();
  ASSERT_FALSE(namespaces_of(pid).empty()) << "the run made no namespace";
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // inside the script
  ASSERT_EQ(waitpid(pid, nullptr, WNOHANG), 0) << "the run ended before the signal";
  kill(pid, SIGTERM);
  const int status = testing::wait_for(pid, 10'000);
  ASSERT_NE(status, -1) << "the run did not stop on SIGTERM";
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_EQ(namespaces(), before);
}

TEST(LiveCleanup, SigkillLeftoversAreRemovedByTheNextRunOnly) {
  SKIP_UNLESS_LIVE();
  const std::vector<std::string> before = namespaces();
  const int killed = start_live_run();
  ASSERT_FALSE(namespaces_of(killed).empty());
  kill(killed, SIGKILL);
  ASSERT_NE(testing::wait_for(killed, 5'000), -1);
  const std::vector<std::string> left = namespaces_of(killed);
  EXPECT_FALSE(left.empty()) << "SIGKILL leaves no chance to clean up";
  // A namespace of a process that is still there stays.
  const std::string ours = name_prefix(getpid()) + "alive";
  ASSERT_EQ(run_tool({"ip", "netns", "add", ours}), "");
  std::vector<std::string> removed = remove_leftovers();
  std::sort(removed.begin(), removed.end());
  EXPECT_EQ(removed, left);
  const std::vector<std::string> now = namespaces();
  EXPECT_NE(std::find(now.begin(), now.end(), ours), now.end());
  run_tool({"ip", "netns", "delete", ours});
  EXPECT_EQ(namespaces(), before);
}

// Drops CAP_NET_ADMIN from the bounding set and every set, so that even root
// does not get it back on exec.
void drop_net_admin() {
  prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  syscall(SYS_capget, &header, data);
  for (auto& d : data) {
    d.effective &= ~(1u << CAP_NET_ADMIN);
    d.permitted &= ~(1u << CAP_NET_ADMIN);
    d.inheritable &= ~(1u << CAP_NET_ADMIN);
  }
  syscall(SYS_capset, &header, data);
}

TEST(LiveCleanup, WithoutCapNetAdminItSaysSoAndExits2) {
  if (getuid() != 0) GTEST_SKIP() << "needs root to show what dropping a capability does";
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const std::vector<std::string> before = namespaces();
  const int pid =
      testing::spawn_synack({"live", std::string(SYNACK_SOURCE_DIR) + "/scenarios/handshake.yaml"},
                            pipe_fds[1], drop_net_admin);
  close(pipe_fds[1]);
  std::string err;
  char buf[512];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) err.append(buf, n);
  close(pipe_fds[0]);
  const int status = testing::wait_for(pid, 10'000);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(err.find("CAP_NET_ADMIN"), std::string::npos) << err;
  EXPECT_EQ(namespaces(), before);
}

}  // namespace
}  // namespace synack::live
