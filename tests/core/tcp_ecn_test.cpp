// ECN's handshake (RFC 3168 §6.1.1): the ECN-setup SYN carries ECE and CWR, a
// SYN,ACK that accepts it ECE alone; the `ecn` setting decides whether a host
// offers it, accepts it, or neither; a retransmitted SYN offers it only within
// ecn_setup_retries (§6.1.1.1).
#include <gtest/gtest.h>

#include "tcp_fixture.hpp"

namespace synack::tcp::test {
namespace {

constexpr std::uint8_t kEcnSetup = flag::ECE | flag::CWR;

std::uint8_t ecn_bits(const Segment& s) { return s.flags & kEcnSetup; }

Segment only_segment(Endpoint& ep) {
  auto out = ep.take_segments();
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? Segment{} : out[0];
}

Endpoint opening(Ecn ecn, int setup_retries = 0) {
  Settings s;
  s.ecn = ecn;
  s.ecn_setup_retries = setup_retries;
  Endpoint ep = closed(s);
  EXPECT_EQ(ep.open_active(kOpenAt), CallResult::Ok);
  return ep;
}

// An active opening whose SYN,ACK carries ECE.
Endpoint answered_with_ece(Ecn ecn) {
  Endpoint ep = opening(ecn);
  ep.take_segments();
  Segment syn_ack = seg("S.", kIrs, kIss + 1);
  syn_ack.flags |= flag::ECE;
  ep.on_segment(kStep1, syn_ack);
  return ep;
}

TEST(Ecn, On_SynOffersEceAndCwr) {
  Endpoint ep = opening(Ecn::On);
  EXPECT_EQ(ecn_bits(only_segment(ep)), kEcnSetup);
}

TEST(Ecn, AcceptOrOff_SynOffersNothing) {
  for (Ecn e : {Ecn::Accept, Ecn::Off}) {
    Endpoint ep = opening(e);
    EXPECT_EQ(ecn_bits(only_segment(ep)), 0);
  }
}

// §6.1.1.1: the SYN may have met a middlebox that drops ECN-setup SYNs.
TEST(Ecn, RetransmittedSyn_OffersOnlyWithinSetupRetries) {
  Endpoint ep = opening(Ecn::On, 1);
  EXPECT_EQ(ecn_bits(only_segment(ep)), kEcnSetup);
  ep.on_timer(1 * kSeconds);
  EXPECT_EQ(ecn_bits(only_segment(ep)), kEcnSetup);  // the first retransmission still does
  ep.on_timer(3 * kSeconds);
  EXPECT_EQ(ecn_bits(only_segment(ep)), 0);
}

TEST(Ecn, PassiveSide_SynAckAcceptsAnOfferWithEce) {
  for (Ecn e : {Ecn::On, Ecn::Accept}) {
    Settings s;
    s.ecn = e;
    Endpoint ep = listen(s);
    Segment syn = seg("S", kIrs);
    syn.flags |= kEcnSetup;
    ep.on_segment(kStep1, syn);
    EXPECT_EQ(ecn_bits(only_segment(ep)), flag::ECE);
    EXPECT_TRUE(ep.status().ecn);
  }
}

TEST(Ecn, PassiveSide_OffNeverAccepts) {
  Endpoint ep = listen();
  Segment syn = seg("S", kIrs);
  syn.flags |= kEcnSetup;
  ep.on_segment(kStep1, syn);
  EXPECT_EQ(ecn_bits(only_segment(ep)), 0);
  EXPECT_FALSE(ep.status().ecn);
}

// A SYN with ECE alone is not an ECN-setup SYN (§6.1.1: it may be a reflected
// SYN,ACK's bits), and a SYN,ACK with ECE answers only a SYN that offered.
TEST(Ecn, HalfOffers_AreNotAgreements) {
  Settings s;
  s.ecn = Ecn::Accept;
  Endpoint passive = listen(s);
  Segment syn = seg("S", kIrs);
  syn.flags |= flag::ECE;
  passive.on_segment(kStep1, syn);
  EXPECT_EQ(ecn_bits(only_segment(passive)), 0);

  Endpoint active = answered_with_ece(Ecn::Accept);
  EXPECT_EQ(active.state(), State::Established);
  EXPECT_FALSE(active.status().ecn);
}

TEST(Ecn, ActiveSide_SynAckWithEceAgrees) {
  Endpoint ep = answered_with_ece(Ecn::On);
  EXPECT_EQ(ep.state(), State::Established);
  EXPECT_TRUE(ep.status().ecn);
}

}  // namespace
}  // namespace synack::tcp::test
