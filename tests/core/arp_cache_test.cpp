// The ARP cache: entries age out in time order, a refresh moves an entry's
// expiry, and the cache tells when to look next.
#include "core/net/arp_cache.hpp"

#include <gtest/gtest.h>

namespace synack::net {
namespace {

using wire::Ipv4Address;
using wire::MacAddress;

constexpr TimeUs kTimeout = 60'000'000;

TEST(ArpCache, EntriesExpireInTimeOrderAndAreReturnedInAddressOrder) {
  ArpCache cache(kTimeout);
  const MacAddress mac({2, 0, 0, 0, 0, 1});
  cache.insert(Ipv4Address(10, 0, 0, 9), mac, 0);
  cache.insert(Ipv4Address(10, 0, 0, 3), mac, 0);
  cache.insert(Ipv4Address(10, 0, 0, 5), mac, 1000);
  EXPECT_EQ(cache.next_expiry(), kTimeout);
  EXPECT_TRUE(cache.expire(kTimeout - 1).empty());
  const auto gone = cache.expire(kTimeout);
  ASSERT_EQ(gone.size(), 2u);
  EXPECT_EQ(gone[0], Ipv4Address(10, 0, 0, 3));
  EXPECT_EQ(gone[1], Ipv4Address(10, 0, 0, 9));
  EXPECT_EQ(cache.next_expiry(), kTimeout + 1000);
  EXPECT_NE(cache.lookup(Ipv4Address(10, 0, 0, 5), kTimeout), nullptr);
}

TEST(ArpCache, ARefreshMovesTheExpiry) {
  ArpCache cache(kTimeout);
  const Ipv4Address ip(10, 0, 0, 2);
  cache.insert(ip, MacAddress({2, 0, 0, 0, 0, 1}), 0);
  EXPECT_EQ(cache.update_if_present(ip, MacAddress({2, 0, 0, 0, 0, 2}), 500),
            ArpCache::Change::Updated);
  EXPECT_EQ(cache.next_expiry(), kTimeout + 500);
  EXPECT_TRUE(cache.expire(kTimeout).empty()) << "the old expiry is gone with the refresh";
  EXPECT_EQ(cache.expire(kTimeout + 500).size(), 1u);
  EXPECT_EQ(cache.next_expiry(), 0);
  EXPECT_TRUE(cache.entries().empty());
}

TEST(ArpCache, AnUnknownAddressIsNotLearnedByTheMergeStep) {
  ArpCache cache(kTimeout);
  EXPECT_EQ(cache.update_if_present(Ipv4Address(10, 0, 0, 7), MacAddress({2, 0, 0, 0, 0, 7}), 0),
            ArpCache::Change::None);
  EXPECT_EQ(cache.next_expiry(), 0);
}

}  // namespace
}  // namespace synack::net
