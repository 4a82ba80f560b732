#include "core/errno_names.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace synack {
namespace {

TEST(ErrnoNames, GoBothWays) {
  for (int err : {EADDRINUSE, ECONNREFUSED, ECONNRESET, ETIMEDOUT, EBADF, EINVAL, ENOTCONN, EISCONN,
                  EPIPE, EAGAIN, EALREADY, EOPNOTSUPP, EMSGSIZE, EHOSTUNREACH, ENETUNREACH,
                  EADDRNOTAVAIL, EDESTADDRREQ, EINPROGRESS, EACCES}) {
    const char* name = errno_name(err);
    ASSERT_NE(name, nullptr) << err;
    EXPECT_EQ(errno_from_name(name), err) << name;
  }
  EXPECT_STREQ(errno_name(ECONNREFUSED), "ECONNREFUSED");
}

TEST(ErrnoNames, SuccessAndUnknownHaveNoName) {
  EXPECT_EQ(errno_name(0), nullptr);
  EXPECT_EQ(errno_name(-1), nullptr);
  EXPECT_EQ(errno_name(100000), nullptr);
  EXPECT_FALSE(errno_from_name("ENOSUCHTHING").has_value());
  EXPECT_FALSE(errno_from_name("econnrefused").has_value());  // names are case-sensitive
  EXPECT_FALSE(errno_from_name("ECONREFUSED").has_value());
}

TEST(ErrnoNames, AliasesReadAsTheirValue) {
  EXPECT_EQ(errno_from_name("EWOULDBLOCK"), EAGAIN);
  EXPECT_EQ(errno_from_name("EDEADLOCK"), EDEADLK);
}

}  // namespace
}  // namespace synack
