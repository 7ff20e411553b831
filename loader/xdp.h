/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xdp.h - attach, replace, detach and query XDP programs over rtnetlink.
 *
 * Flags are the XDP_FLAGS_* of <linux/if_link.h>:
 *	XDP_FLAGS_SKB_MODE	generic XDP (any device, after the skb exists)
 *	XDP_FLAGS_DRV_MODE	native XDP in the driver
 *	neither			native if the driver supports it, else generic
 *	XDP_FLAGS_UPDATE_IF_NOEXIST  fail (-EBUSY) if a program is attached;
 *				what callers normally want
 *	XDP_FLAGS_REPLACE	replace only if the program attached now is
 *				the one behind @expected_fd
 * All functions run in the caller's network namespace and return 0 or
 * -errno after printing one sentence that includes the kernel's
 * extended ack, e.g. "(kernel: XDP program already attached)".
 */
#ifndef BB_XDP_H
#define BB_XDP_H

#include <linux/types.h>
#include <linux/if_link.h>

/**
 * struct bb_xdp_info - XDP state of one interface
 * @attach_mode:	XDP_ATTACHED_NONE, _DRV, _SKB, _HW or _MULTI
 * @prog_id:		the program's id when exactly one mode is in use
 * @skb_prog_id:	id of the generic XDP program, 0 if none
 * @drv_prog_id:	id of the native XDP program, 0 if none
 * @hw_prog_id:		id of the offloaded program, 0 if none
 */
struct bb_xdp_info {
	__u8 attach_mode;
	__u32 prog_id;
	__u32 skb_prog_id;
	__u32 drv_prog_id;
	__u32 hw_prog_id;
};

/**
 * bb_xdp_attach() - attach @prog_fd to @ifindex
 * @ifindex:	interface
 * @prog_fd:	BPF_PROG_TYPE_XDP program
 * @flags:	XDP_FLAGS_*; see above
 * @expected_fd: with XDP_FLAGS_REPLACE, the program that must be
 *		attached now for the replacement to happen (-1: nothing may
 *		be attached); ignored otherwise
 */
int bb_xdp_attach(int ifindex, int prog_fd, __u32 flags, int expected_fd);

/**
 * bb_xdp_detach() - remove the program behind @expected_fd from @ifindex
 * @flags:	the mode flag the program was attached with (SKB, DRV or
 *		none); XDP_FLAGS_REPLACE is added
 *
 * Never removes a program someone else attached meanwhile: the kernel
 * refuses with -EEXIST if the attached program is not @expected_fd's.
 */
int bb_xdp_detach(int ifindex, __u32 flags, int expected_fd);

/* Fill @info from RTM_GETLINK; all ids 0 when nothing is attached. */
int bb_xdp_query(int ifindex, struct bb_xdp_info *info);

/**
 * bb_ifindex() - resolve an interface name or number
 * @name_or_index: "eth0" or "2"
 *
 * Returns the ifindex, or -ENODEV after printing
 * "barebpf: interface X does not exist."
 */
int bb_ifindex(const char *name_or_index);

#endif /* BB_XDP_H */
