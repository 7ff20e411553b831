// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_xf_fill DIR NV4 NV6 - fill xdp-filter's address maps, pinned in
 * DIR by "xdp-filter load", with NV4 IPv4 and NV6 IPv6 source addresses
 * in a few batch updates: its CLI adds one address per process, which
 * for a million addresses would take hours.
 *
 * xdp-filter (xdp-tools 1.3) keeps its addresses in two per-CPU hashes,
 * filter_ipv4 (key: the address as in the packet, 4 bytes) and
 * filter_ipv6 (16 bytes), whose value is a __u64 of flags on every CPU;
 * 1 (MAP_FLAG_SRC) is what "xdp-filter ip ADDR -m src" writes. Both
 * hold 10000 entries, so at most that many go in; we print how many
 * did: "v4 N v6 M".
 *
 * The addresses are those of scripts/bench.sh's deny files: the hosts
 * 203.0.113.7 and 2001:db8:eeee::7 that the "hit" packets come from,
 * then 10.x.y.z and 2001:db8:8000+x:y::1, which no packet is sent from.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "barebpf.h"

#define XF_FLAG_SRC	1ULL
#define BATCH		4096

/* The address number @i of family @v6 into @key. */
static void address(int v6, __u32 i, unsigned char *key)
{
	if (!v6) {
		if (!i) {
			inet_pton(AF_INET, "203.0.113.7", key);
			return;
		}
		i--;
		key[0] = 10;
		key[1] = i >> 16;
		key[2] = i >> 8;
		key[3] = i;
		return;
	}
	if (!i) {
		inet_pton(AF_INET6, "2001:db8:eeee::7", key);
		return;
	}
	i--;
	memset(key, 0, 16);
	key[0] = 0x20;
	key[1] = 0x01;
	key[2] = 0x0d;
	key[3] = 0xb8;
	key[4] = 0x80 | (i >> 24);
	key[5] = i >> 16;
	key[6] = i >> 8;
	key[7] = i;
	key[15] = 1;
}

/* Fill DIR/NAME with up to @n addresses; returns how many, or -errno. */
static long fill(const char *dir, const char *name, int v6, __u32 n)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info), ksz = v6 ? 16 : 4, done = 0, cnt, i;
	int fd, ncpu, err = 0;
	unsigned char *keys;
	char path[512];
	__u64 *vals;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = bb_obj_get(path);
	if (fd < 0) {
		fprintf(stderr, "bench_xf_fill: cannot open %s: %s.\n", path,
			strerror(-fd));
		return fd;
	}
	err = bb_obj_get_info_by_fd(fd, &info, &len);
	ncpu = bb_num_possible_cpus();
	if (err || ncpu < 1 || info.key_size != ksz ||
	    info.value_size != sizeof(__u64)) {
		fprintf(stderr, "bench_xf_fill: %s is not the map we know (key %u, value %u bytes).\n",
			path, info.key_size, info.value_size);
		close(fd);
		return -EINVAL;
	}
	if (n > info.max_entries)
		n = info.max_entries;
	keys = calloc(BATCH, ksz);
	vals = calloc((size_t)BATCH * ncpu, sizeof(*vals));
	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < (__u32)BATCH * ncpu; i++)
		vals[i] = XF_FLAG_SRC;
	while (done < n && !err) {
		cnt = n - done < BATCH ? n - done : BATCH;
		for (i = 0; i < cnt; i++)
			address(v6, done + i, keys + (size_t)i * ksz);
		err = bb_map_update_batch(fd, keys, vals, &cnt, 0);
		done += cnt;
	}
	if (err)
		fprintf(stderr, "bench_xf_fill: updating %s failed after %u addresses: %s.\n",
			path, done, strerror(-err));
out:
	free(keys);
	free(vals);
	close(fd);
	return err ? err : (long)n;
}

int main(int argc, char **argv)
{
	long v4, v6;

	if (argc != 4) {
		fprintf(stderr, "usage: bench_xf_fill DIR NV4 NV6\n");
		return 2;
	}
	v4 = fill(argv[1], "filter_ipv4", 0, strtoul(argv[2], NULL, 0));
	v6 = fill(argv[1], "filter_ipv6", 1, strtoul(argv[3], NULL, 0));
	if (v4 < 0 || v6 < 0)
		return 1;
	printf("v4 %ld v6 %ld\n", v4, v6);
	return 0;
}
