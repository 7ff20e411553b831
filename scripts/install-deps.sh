#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# install-deps.sh - install what barebpf needs to build and test, from
# Debian packages. Idempotent: when everything is present it only checks
# and returns (no apt-get update, no network).
#
#   clang, llvm            BPF objects (clang -target bpf), llvm-objdump
#   libclang-rt-14-dev     libFuzzer and sanitizer runtimes for make fuzz
#   gcc, make, libc6-dev   user space
#   libelf-dev, zlib1g-dev the loader's ELF reader
#   linux-libc-dev         kernel UAPI headers (linux/bpf.h, ...)
#   iproute2, iputils-ping network namespaces, veth, test traffic
#   strace                 openfiles is checked against strace -f
#   procps, util-linux     ps/pgrep, unshare/mount/setpriv in tests
#   libcap2-bin            capsh: tests without privileges
#   python3                small helpers in shell tests
#   python3-docutils       rst2html: Documentation builds without warnings
#   bpftool                tests count the programs left in the kernel
#
#   scripts/install-deps.sh [PACKAGE...]   (default: the list above)
set -e

pkgs="clang llvm libclang-rt-14-dev gcc make libc6-dev libelf-dev zlib1g-dev linux-libc-dev
iproute2 iputils-ping strace procps util-linux libcap2-bin python3 python3-docutils bpftool
pkg-config"
# Named packages instead, for targets that need more (make gcc_bpf: gcc-bpf).
[ $# -gt 0 ] && pkgs="$*"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: missing packages:$missing; run as root to install them." >&2
	exit 1
fi
echo "install-deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
