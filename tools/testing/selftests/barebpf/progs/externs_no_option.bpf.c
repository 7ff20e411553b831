// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A strong .kconfig extern no kernel has: the load must fail, naming it. */
#include "bb_helpers.h"

extern int CONFIG_BB_NO_SUCH_OPTION __attribute__((section(".kconfig")));

SEC("socket")
int needs_option(struct __sk_buff *skb)
{
	return CONFIG_BB_NO_SUCH_OPTION;
}

char _license[] SEC("license") = "GPL";
