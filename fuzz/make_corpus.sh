#!/bin/sh
# Seed corpora for the fuzz harnesses, made from the repository's own files:
#   make_corpus.sh SYNACK_BINARY SOURCE_DIR OUT_DIR
# OUT_DIR/scenario: every scenario file; OUT_DIR/pkt: a few scripts written
# here, and the FreeBSD tcp-testsuite scripts when they lie next to the
# repository (read there, never committed); OUT_DIR/wire: every frame of every
# scenario's run, split into the input of each decoder (see wire_decode_fuzz.cpp).
set -eu
synack=$1 src=$2 out=$3
rm -rf "$out"
mkdir -p "$out/scenario" "$out/pkt" "$out/wire"
cp "$src"/scenarios/*.yaml "$out/scenario/"

cat > "$out/pkt/connect.pkt" <<'PKT'
--tolerance_usecs=10000
0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 6>
+0.05 < S. 0:0(0) ack 1 win 5000 <mss 1000>
+0 > . 1:1(0) ack 1
+0 %{ assert tcpi_state == TCPI_ESTABLISHED }%
+0 write(3, ..., 1000) = 1000
+0 > P. 1:1001(1000) ack 1
+0.1 < . 1:1(0) ack 1001 win 5000
+0 close(3) = 0
+0 > F. 1001:1001(0) ack 1
PKT
cat > "$out/pkt/listen.pkt" <<'PKT'
0 `sysctl -w net.inet.tcp.insecure_rst=1`
+0 `sysctl -w net.inet.tcp.rexmit_initial=1000`
+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 `sockstat -4 | grep -c LISTEN | grep 1`
+0 < S 0:0(0) win 65535 <mss 1460>
+0 > S. 0:0(0) ack 1 <...>
+0.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
#ifdef STANDARD
+0 < R 1:1(0) win 0
#else
+0 < [ect0] R. 1:1(0) ack 1 win 0
#endif
+0 %{ assert tcpi_options == 0 }%
+0 read(4, ..., 10) = -1 ECONNRESET
*  `tcpdrop -s LISTEN`
PKT
suite="$src/../shared/conformance/tcp-testsuite"
if [ -d "$suite" ]; then
  find "$suite" -name '*.pkt' | while read -r f; do
    cp "$f" "$out/pkt/suite-$(echo "$f" | cksum | cut -d' ' -f1).pkt"
  done
fi

tmp=$(mktemp -d)
for s in "$src"/scenarios/*.yaml; do
  "$synack" run -q "$s" --pcap "$tmp/$(basename "$s" .yaml).pcap" > /dev/null 2>&1 || true
done
python3 - "$tmp" "$out/wire" <<'PY'
import glob, hashlib, os, struct, sys
tmp, out = sys.argv[1], sys.argv[2]
def save(selector, data):
    blob = bytes([selector]) + data
    name = hashlib.sha1(blob).hexdigest()[:16]
    open(os.path.join(out, name), "wb").write(blob)
for pcap in glob.glob(os.path.join(tmp, "*.pcap")):
    data = open(pcap, "rb").read()
    at = 24
    while at + 16 <= len(data):
        caplen = struct.unpack_from("<I", data, at + 8)[0]
        frame = data[at + 16:at + 16 + caplen]
        at += 16 + caplen
        save(0, frame); save(1, frame); save(2, frame)
        ethertype = frame[12:14]
        if ethertype == b"\x08\x06":
            save(3, frame[14:])
        elif ethertype == b"\x08\x00" and len(frame) > 14:
            ip = frame[14:]
            save(4, ip)
            ihl = (ip[0] & 15) * 4
            total = struct.unpack_from(">H", ip, 2)[0] if len(ip) >= 4 else 0
            proto = ip[9] if len(ip) > 9 else 0
            if proto == 6: save(5, ip[ihl:total])
            if proto == 17: save(6, ip[ihl:total])
PY
rm -rf "$tmp"
for d in scenario pkt wire; do echo "$out/$d: $(ls "$out/$d" | wc -l) inputs"; done
