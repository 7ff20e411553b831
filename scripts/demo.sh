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
