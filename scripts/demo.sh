#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# demo.sh - a short tour of barebpf's tools on built-in defaults.
# Run through "make demo", which builds first; BB_BUILD points at the
# build directory. Network parts use only namespaces and veth pairs this
# script creates (addresses from 192.0.2.0/24) and removes again.
set -eu
B=${BB_BUILD:-build}
say() { printf '\n==> %s\n' "$*"; }

say "bpfobj: what clang put in a BPF object"
"$B/bin/bpfobj" info "$B/selftests/progs/loader_maps.bpf.o"

say "bpfobj: load it into the kernel (maps created, programs verified)"
"$B/bin/bpfobj" load "$B/selftests/progs/loader_maps.bpf.o"

say "bpfobj: run an XDP program on a crafted UDP packet to port 9"
pkt=$(mktemp)
trap 'rm -f "$pkt"' EXIT
# Ethernet (IPv4), IPv4 192.0.2.1 -> 192.0.2.2 UDP, UDP to port 9
printf '\0\0\0\0\0\2\0\0\0\0\0\1\10\0' >"$pkt"
printf '\105\0\0\034\0\0\0\0\100\021\0\0\300\0\2\1\300\0\2\2' >>"$pkt"
printf '\0\65\0\11\0\10\0\0' >>"$pkt"
"$B/bin/bpfobj" run "$B/selftests/progs/xdp_udp9.bpf.o" drop_udp9 \
	--data "$pkt" --repeat 100000

say "openfiles: every file a command and its children open (workshop: openfiles.bt)"
"$B/bin/openfiles" --tree -- sh -c \
	'cat /etc/hostname >/dev/null; (head -c1 /etc/os-release >/dev/null &); wait' |
	grep -v '^/usr/lib/locale'

# Two namespaces joined by a veth pair, removed again on exit.
A=bb-demo-$$-a
Z=bb-demo-$$-z
trap 'rm -f "$pkt" "${deny:-}"; ip netns del "$A" 2>/dev/null; ip netns del "$Z" 2>/dev/null' EXIT
ip netns add "$A"
ip netns add "$Z"
ip link add veth0 netns "$A" type veth peer name veth1 netns "$Z"
ip -n "$A" addr add 192.0.2.1/24 dev veth0
ip -n "$A" addr add 198.51.100.1/24 dev veth0
ip -n "$Z" addr add 192.0.2.2/24 dev veth1
ip -n "$Z" addr add 198.51.100.2/24 dev veth1
ip -n "$A" link set veth0 up
ip -n "$Z" link set veth1 up

say "hello_packet: packets per protocol on veth1 while 192.0.2.1 pings it (workshop: lizrice.py)"
ip netns exec "$Z" "$B/bin/hello_packet" -i veth1 -n 3 -c 1 &
sleep 0.5
ip netns exec "$A" ping -q -c 5 -i 0.2 192.0.2.2 >/dev/null || true
wait

say "bubble_packet: one line per packet, through a perf buffer (workshop: bubble_packet.py)"
ip netns exec "$Z" "$B/bin/bubble_packet" -i veth1 -c 4 &
sleep 0.5
ip netns exec "$A" ping -q -c 2 -i 0.2 192.0.2.2 >/dev/null || true
wait

say "fw: drop 192.0.2.0/24, let 198.51.100.0/24 through, one event per drop (workshop: fw.py)"
deny=$(mktemp)
printf '# demo deny list\n192.0.2.0/24\n' >"$deny"
ip netns exec "$Z" "$B/bin/fw" -i veth1 -d "$deny" &
fw=$!
sleep 1
ip netns exec "$A" ping -q -c 3 -W 1 -I 192.0.2.1 192.0.2.2 | grep -E 'transmitted' || true
ip netns exec "$A" ping -q -c 3 -W 1 -I 198.51.100.1 198.51.100.2 | grep -E 'transmitted' || true
kill -INT "$fw"
wait "$fw" || true
